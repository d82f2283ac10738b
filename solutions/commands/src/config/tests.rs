//! Unit tests of the configuration model.
