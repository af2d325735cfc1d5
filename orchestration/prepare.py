"""Build the dbt manifest (`dbt parse`) so the Definitions load without running dbt."""
from orchestration.dbt_project import dbt_project


def main() -> None:
    dbt_project.preparer.prepare(dbt_project)
    print(f"dbt manifest ready: {dbt_project.manifest_path}")


if __name__ == "__main__":
    main()
