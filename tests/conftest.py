pytest_plugins = ["offkai_kit.testing.fixtures"]
