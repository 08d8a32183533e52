//! Formats: readers and writers around the model.

pub mod xml;
