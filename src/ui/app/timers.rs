//! The app's one-second clock: the idle prompt and wipe, and wall-clock jumps (which move the
//! screens' own deadlines with them).

use jiff::Timestamp;

use crate::ui::screen::idle;

use super::*;

impl Kiosk {
    pub(super) fn on_tick(&mut self) -> Effect {
        let now = self.now();
        self.follow_clock_jumps(now);
        if let Some(i) = &mut self.idle {
            i.now = now;
            if i.expired() {
                self.reset();
            }
            return Effect::None;
        }
        if self.idle_applies() && now >= self.last_input + signed(self.settings.idle_timeout) {
            self.idle = Some(idle::Idle {
                deadline: now + signed(self.settings.idle_warning),
                now,
            });
            self.focus.reset();
        }
        Effect::None
    }

    /// A wall clock moved back (an NTP step, a wrong manual setting) would stretch every timer
    /// kept as a wall-clock time by the jump: the idle prompt, the wipe, the success screen's
    /// reset, staff mode's timeout. The monotonic clock tells how much time really passed; when
    /// the wall clock is behind it by more than [`CLOCK_JUMP`], the deadlines move back with it.
    pub(super) fn follow_clock_jumps(&mut self, now: Timestamp) {
        let mono = std::time::Instant::now();
        let behind = self.last_tick.and_then(|(wall, then)| {
            let real = jiff::SignedDuration::try_from(mono.duration_since(then)).ok()?;
            let seen = now.duration_since(wall);
            let behind = real.checked_sub(seen)?;
            (behind > CLOCK_JUMP).then_some(behind)
        });
        self.last_tick = Some((now, mono));
        let Some(jump) = behind else {
            return;
        };
        tracing::warn!(
            jump_s = jump.as_secs(),
            "the wall clock went back; screen timers follow it"
        );
        let back = |t: Timestamp| t.checked_sub(jump).unwrap_or(t);
        self.last_input = back(self.last_input);
        if let Some(i) = &mut self.idle {
            i.deadline = back(i.deadline);
        }
        match &mut self.screen {
            Screen::Success(s) => s.clock_moved_back(back),
            Screen::EnterCode(c) => c.clock_moved_back(back),
            _ => {}
        }
    }
}
