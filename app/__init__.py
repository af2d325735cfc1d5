"""The analyst's workbench: a Streamlit app over the published snapshot (`ogi app`, docs/app.md)."""
