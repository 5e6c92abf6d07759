//! The real staff port: the staff screens' calls mapped onto the domain's [`StaffDesk`]. It
//! keeps the signed-in staff sessions and photo-ID checks behind opaque handles, so the
//! screens never hold a domain credential, and drops them when staff mode ends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::staff::{
    DocumentType, EventView, GatewayView, GuestRecordView, HealthView, IdCheckRef, LeaveCause,
    LockedView, PadView, PauseView, PinOutcome, StaffPort, StaffProblem, StaffRef, StaffReply,
    SyncView,
};
use crate::gateway::BreakerState;
use crate::journey::Finished;
use crate::staff::{DeskError, LogoutCause, StaffDesk};
use crate::staff::{IdCheck, LoginOutcome, PadState, StaffSession};

#[derive(Default)]
struct Handles {
    staff: HashMap<String, StaffSession>,
    checks: HashMap<String, IdCheck>,
}

pub struct DomainStaff {
    desk: StaffDesk,
    handles: Arc<Mutex<Handles>>,
}

impl DomainStaff {
    pub fn new(desk: StaffDesk) -> Self {
        Self {
            desk,
            handles: Arc::new(Mutex::new(Handles::default())),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Handles) -> T) -> T {
        let mut h = self.handles.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut h)
    }

    fn session(&self, staff: &StaffRef) -> Result<StaffSession, StaffProblem> {
        self.with(|h| h.staff.get(&staff.0).cloned())
            .ok_or_else(|| problem("staff mode has ended; sign in again"))
    }

    /// Runs `f` with the session behind `staff`, or answers that staff mode ended.
    fn signed_in<T: Send + 'static, F>(&self, staff: &StaffRef, f: F) -> StaffReply<T>
    where
        F: FnOnce(StaffDesk, StaffSession) -> StaffReply<T>,
    {
        match self.session(staff) {
            Ok(session) => f(self.desk.clone(), session),
            Err(e) => Box::pin(async move { Err(e) }),
        }
    }
}

fn problem(text: impl Into<Arc<str>>) -> StaffProblem {
    StaffProblem(text.into())
}

fn desk_error(e: DeskError) -> StaffProblem {
    problem(e.to_string())
}

fn secs(d: std::time::Duration) -> u64 {
    d.as_secs().max(1)
}

impl StaffPort for DomainStaff {
    fn login(&self, pin: String) -> StaffReply<PinOutcome> {
        let desk = self.desk.clone();
        let handles = self.handles.clone();
        Box::pin(async move {
            Ok(match desk.login(pin).await.map_err(desk_error)? {
                LoginOutcome::LoggedIn(session) => {
                    let handle = uuid::Uuid::new_v4().to_string();
                    let name = session.name().to_owned();
                    handles
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .staff
                        .insert(handle.clone(), session);
                    PinOutcome::LoggedIn {
                        staff: StaffRef(handle),
                        name,
                    }
                }
                LoginOutcome::Wrong { cooldown } => PinOutcome::Wrong {
                    cooldown_s: cooldown.map(secs),
                },
                LoginOutcome::CoolingDown { retry_after } => PinOutcome::CoolingDown {
                    retry_after_s: secs(retry_after),
                },
                LoginOutcome::PadLocked { .. } => PinOutcome::PadLocked,
                LoginOutcome::PinTooShort => PinOutcome::PinTooShort,
            })
        })
    }

    fn pad(&self) -> StaffReply<PadView> {
        let desk = self.desk.clone();
        Box::pin(async move {
            Ok(match desk.pad().await.map_err(desk_error)? {
                PadState::Open => PadView::Open,
                PadState::Paused { retry_after } => PadView::CoolingDown {
                    retry_after_s: secs(retry_after),
                },
                PadState::Locked { .. } => PadView::Locked,
            })
        })
    }

    fn locked(&self, staff: StaffRef) -> StaffReply<Vec<LockedView>> {
        self.signed_in(&staff, |desk, _| {
            Box::pin(async move {
                Ok(desk
                    .locked()
                    .await
                    .map_err(desk_error)?
                    .into_iter()
                    .map(|l| LockedView {
                        confirmation: l.confirmation,
                        guest: l.guest,
                        masked_phone: l.masked_phone,
                        until: l.locked_until,
                        scope: l.scope,
                    })
                    .collect())
            })
        })
    }

    fn unlock(&self, staff: StaffRef, confirmation: String, reason: String) -> StaffReply<bool> {
        self.signed_in(&staff, |desk, session| {
            Box::pin(async move {
                desk.unlock(&session, &confirmation, &reason)
                    .await
                    .map_err(desk_error)
            })
        })
    }

    fn find(&self, staff: StaffRef, query: String) -> StaffReply<Vec<GuestRecordView>> {
        self.signed_in(&staff, |desk, _| {
            Box::pin(async move {
                Ok(desk
                    .find(&query)
                    .await
                    .map_err(desk_error)?
                    .into_iter()
                    .map(|g| GuestRecordView {
                        confirmation: g.confirmation,
                        first_name: g.first_name,
                        last_name: g.last_name,
                        masked_phone: g.masked_phone,
                        status: g.status.as_str().to_owned(),
                        arrival: g.arrival,
                        departure: g.departure,
                        room: g.room,
                        locked: g.locked,
                    })
                    .collect())
            })
        })
    }

    fn verify_by_id(
        &self,
        staff: StaffRef,
        confirmation: String,
        document: DocumentType,
        reason: String,
    ) -> StaffReply<IdCheckRef> {
        let handles = self.handles.clone();
        self.signed_in(&staff, move |desk, session| {
            Box::pin(async move {
                let check = desk
                    .verify_by_id(&session, &confirmation, document, &reason)
                    .await
                    .map_err(desk_error)?;
                let handle = uuid::Uuid::new_v4().to_string();
                handles
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .checks
                    .insert(handle.clone(), check);
                Ok(IdCheckRef(handle))
            })
        })
    }

    fn check_in(&self, check: IdCheckRef, language: String) -> StaffReply<Finished> {
        // The check is used once: a second press cannot check in twice on it.
        let Some(id_check) = self.with(|h| h.checks.remove(&check.0)) else {
            return Box::pin(async { Err(problem("verify the photo ID again")) });
        };
        let desk = self.desk.clone();
        Box::pin(async move { desk.check_in(id_check, &language).await.map_err(desk_error) })
    }

    fn change_phone(
        &self,
        check: IdCheckRef,
        new_phone: String,
        reason: String,
    ) -> StaffReply<String> {
        let Some(id_check) = self.with(|h| h.checks.get(&check.0).cloned()) else {
            return Box::pin(async { Err(problem("verify the photo ID again")) });
        };
        let desk = self.desk.clone();
        Box::pin(async move {
            desk.change_phone(&id_check, &new_phone, &reason)
                .await
                .map_err(desk_error)
        })
    }

    fn health(&self, staff: StaffRef) -> StaffReply<HealthView> {
        self.signed_in(&staff, |desk, _| {
            Box::pin(async move {
                let h = desk.health().await.map_err(desk_error)?;
                Ok(HealthView {
                    sync: h.sync.map(|s| SyncView {
                        backlog: s.backlog,
                        oldest_unsynced_s: s.oldest_unsynced_age.map(|d| d.as_secs()),
                        last_success: s.last_success,
                        last_error: s.last_error,
                        quarantined: s.quarantined,
                        cache_age_s: s.cache_age.map(|d| d.as_secs()),
                        credentials_refused: s.credentials_refused,
                    }),
                    gateways: h
                        .gateways
                        .into_iter()
                        .map(|g| GatewayView {
                            name: g.name,
                            kind: g.kind.to_owned(),
                            last_success: g.last_success,
                            last_failure: g.last_failure,
                            last_error: g.last_error,
                            breaker: match g.breaker {
                                BreakerState::Closed => "closed",
                                BreakerState::Open { .. } => "open",
                                BreakerState::HalfOpen => "half-open",
                            }
                            .to_owned(),
                            consecutive_failures: g.consecutive_failures,
                        })
                        .collect(),
                    pauses: h
                        .pumping_pauses
                        .into_iter()
                        .map(|p| PauseView {
                            prefix: p.prefix,
                            until: p.until,
                            level: p.level,
                        })
                        .collect(),
                })
            })
        })
    }

    fn lift_pumping_pause(
        &self,
        staff: StaffRef,
        prefix: String,
        reason: String,
    ) -> StaffReply<bool> {
        self.signed_in(&staff, |desk, session| {
            Box::pin(async move {
                desk.lift_pumping_pause(&session, &prefix, &reason)
                    .await
                    .map_err(desk_error)
            })
        })
    }

    fn send_test_sms(&self, staff: StaffRef, to: String) -> StaffReply<String> {
        self.signed_in(&staff, |desk, session| {
            Box::pin(async move {
                Ok(desk
                    .send_test_sms(&session, &to)
                    .await
                    .map_err(desk_error)?
                    .gateway)
            })
        })
    }

    fn recent_events(&self, staff: StaffRef, limit: usize) -> StaffReply<Vec<EventView>> {
        self.signed_in(&staff, move |desk, _| {
            Box::pin(async move {
                Ok(desk
                    .recent_events(limit)
                    .await
                    .map_err(desk_error)?
                    .into_iter()
                    .map(|e| EventView {
                        seq: e.seq,
                        at: e.at,
                        kind: e.kind,
                        reservation: e.reservation,
                        staff: e.staff,
                        detail: e.detail,
                    })
                    .collect())
            })
        })
    }

    fn exit(&self, staff: StaffRef) -> StaffReply<()> {
        self.signed_in(&staff, |desk, session| {
            Box::pin(async move { desk.exit(&session).await.map_err(desk_error) })
        })
    }

    fn leave(&self, staff: StaffRef, cause: LeaveCause) -> StaffReply<()> {
        // Everything of this staff session goes now, whatever the journal write does.
        let session = self.with(|h| {
            h.checks.clear();
            h.staff.remove(&staff.0)
        });
        let desk = self.desk.clone();
        Box::pin(async move {
            let Some(session) = session else {
                return Ok(());
            };
            let cause = match cause {
                LeaveCause::Left => LogoutCause::Left,
                LeaveCause::Timeout => LogoutCause::Timeout,
            };
            desk.logout(&session, cause).await.map_err(desk_error)
        })
    }
}
