"""theano.tests: the test helpers legacy test suites import (unittest_tools)."""
