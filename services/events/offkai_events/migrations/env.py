from offkai_kit.migrate import run_env

run_env()
