//! `kiosk check-config`: validate and summarise, for IT before a kiosk goes live.

use std::path::Path;

use crate::config::{Config, GatewayKind, TwilioSender, shown_url};

use super::{CliError, load_config};

pub fn run(path: &Path) -> Result<(), CliError> {
    let config = load_config(path)?;
    // Warnings go where errors go; the summary stays on stdout for scripts.
    for warning in &config.warnings {
        eprintln!("kiosk: {warning}");
    }
    print!("{}", summary(&config));
    Ok(())
}

/// A short, secret-free description of what the kiosk will do.
pub fn summary(c: &Config) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    match c.warnings.len() {
        0 => line(format!("{}: OK", c.source.display())),
        n => line(format!(
            "{}: OK, with {n} warning(s) on standard error",
            c.source.display()
        )),
    }
    line(format!(
        "kiosk      {} at {} ({}, phone region {}, business day starts {})",
        c.kiosk.id,
        c.kiosk.property,
        c.kiosk.time_zone_name,
        c.kiosk.country,
        c.kiosk.business_day_start.strftime("%H:%M")
    ));
    line(format!(
        "languages  {} (default {})",
        c.kiosk.languages.join(", "),
        c.kiosk.default_language
    ));
    if c.demo.enabled {
        line(format!(
            "demo       ON: demo reservations from {}",
            c.demo.reservations.display()
        ));
    }
    line(format!("store      {}", c.store.path.display()));
    for (i, g) in c.gateways.iter().enumerate() {
        let target = match &g.kind {
            // A URL may carry credentials in its query or user part: the summary never shows them.
            GatewayKind::Kannel { url, .. } => shown_url(url),
            GatewayKind::Twilio {
                base_url, sender, ..
            } => match sender {
                TwilioSender::From(_) => format!("{} (from number)", shown_url(base_url)),
                TwilioSender::MessagingService(_) => {
                    format!("{} (messaging service)", shown_url(base_url))
                }
            },
            GatewayKind::Vonage { base_url, .. } => shown_url(base_url),
            GatewayKind::Http { url, method, .. } => format!("{method} {}", shown_url(url)),
            GatewayKind::Outbox { path } => path.display().to_string(),
        };
        line(format!(
            "gateway {}  {} ({}) -> {} [timeout {} ms]",
            i + 1,
            g.name,
            g.kind.name(),
            target,
            g.timeout.as_millis()
        ));
    }
    match &c.upstream {
        Some(u) => line(format!(
            "upstream   {} every {} s, batches of {}",
            shown_url(&u.url),
            u.sync_interval.as_secs(),
            u.batch_size
        )),
        None => line("upstream   off (check-ins stay in the local journal)".to_owned()),
    }
    let o = &c.otp;
    line(format!(
        "otp        {} digits, valid {} s, {} tries per code, lock after {} wrong in 24 h for {} s, second factor {}",
        o.length,
        o.ttl.as_secs(),
        o.max_attempts,
        o.lockout_after,
        o.lockout.as_secs(),
        o.second_factor.as_str()
    ));
    line(format!(
        "sms caps   {}/h per phone, {}/day per reservation, {}/h per kiosk; countries {}",
        o.sends_per_phone_per_hour,
        o.sends_per_reservation_per_day,
        o.sends_per_kiosk_per_hour,
        if o.allowed_countries.is_empty() {
            "all".to_owned()
        } else {
            o.allowed_countries.join(", ")
        }
    ));
    line(format!("staff      {} member(s)", c.staff.len()));
    out
}
