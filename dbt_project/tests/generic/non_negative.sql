{#- Fails for every row whose value is below zero. NULL (not stated) passes: not stated is not negative. -#}
{% test non_negative(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < 0
{% endtest %}
