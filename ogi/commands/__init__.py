"""One module per `ogi` subcommand; ogi/cli.py wires them to argparse."""
