//! UI journeys.
