//! Rendering findings: compiler-style text, JSON and SARIF 2.1.0.
