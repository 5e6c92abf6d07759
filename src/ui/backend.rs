//! The staff screens' port onto [`crate::staff::StaffDesk`] (being folded into the app).

pub mod staff;
mod staff_domain;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::staff::StaffDesk;

/// A boxed future the UI can hand to its runtime.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The staff port over the desk.
pub fn staff_port(desk: StaffDesk) -> Arc<dyn staff::StaffPort> {
    Arc::new(staff_domain::DomainStaff::new(desk))
}
