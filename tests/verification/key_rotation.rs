//! `kiosk rotate-otp-key`'s core: a new install key voids open codes, carries every known
//! phone's limits over (a rotation never resets them), keeps the old key for old backups, and
//! a rotation cut short after its commit is finished at the next open.

use lobby_kiosk::otp::rotate::rotate_install_key;
use lobby_kiosk::otp::{OtpError, Purpose, SendCap, VerifyOutcome};
use lobby_kiosk::store::{Store, key_path_beside};

use crate::common::*;

fn key_file(env: &Env) -> std::path::PathBuf {
    key_path_beside(&env.path(), "key")
}

fn rotate(env: &mut Env, reason: &str) -> lobby_kiosk::otp::rotate::Rotation {
    let (file, now) = (key_file(env), env.now());
    rotate_install_key(&mut env.store, &file, now, "Ana (IT)", reason).unwrap()
}

#[test]
fn a_rotation_voids_open_codes_and_keeps_every_phone_limit() {
    let mut env = Env::new();
    let old_key = std::fs::read_to_string(key_file(&env)).unwrap();
    // The phone's hour is used up (five sends), the last code still open.
    let r = env.reference("ABC123", "Lee");
    let mut open = None;
    for _ in 0..5 {
        open = Some(env.issue_sent(&r, Purpose::CheckIn));
        env.advance(30);
    }
    let open = open.unwrap();
    let done = rotate(&mut env, "disk copied");
    assert_eq!(done.voided_codes, 1);
    assert_eq!(done.rekeyed_phones, 1);
    env.restart();

    let now = env.now();
    let outcome = env
        .engine
        .verify(&mut env.store, now, &open.challenge, &open.code);
    assert!(
        !matches!(outcome, Ok(VerifyOutcome::Verified(_))),
        "a code sent before the rotation is void: {outcome:?}"
    );
    let other = env.reference("FAM001", "Silva");
    let refused = env
        .engine
        .issue_code(&mut env.store, now, &other, Purpose::CheckIn)
        .unwrap_err();
    assert!(
        matches!(
            refused,
            OtpError::SendLimit {
                cap: SendCap::Phone,
                ..
            }
        ),
        "the phone's used-up hour survives the rotation: {refused}"
    );

    let new_key = std::fs::read_to_string(key_file(&env)).unwrap();
    assert_ne!(new_key, old_key);
    assert_eq!(std::fs::read_to_string(&done.retired_key).unwrap(), old_key);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for file in [key_file(&env), done.retired_key.clone()] {
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", file.display());
        }
    }
    let event = env
        .events()
        .into_iter()
        .find(|e| e.kind == "install_key_rotated")
        .unwrap();
    assert_eq!(event.data["staff"], "Ana (IT)");
    assert_eq!(event.data["reason"], "disk copied");
    assert!(!event.data.to_string().contains("7400123958"));
}

#[test]
fn a_rotation_cut_short_after_its_commit_is_finished_at_the_next_open() {
    let mut env = Env::new();
    let done = rotate(&mut env, "drill");
    let new_key = std::fs::read_to_string(key_file(&env)).unwrap();
    // As if power went after the database recorded the new key, before the file was renamed.
    let staged = key_path_beside(&key_file(&env), "new");
    std::fs::rename(key_file(&env), &staged).unwrap();
    std::fs::copy(&done.retired_key, key_file(&env)).unwrap();
    drop(Store::open(&env.path()).unwrap());
    assert_eq!(std::fs::read_to_string(key_file(&env)).unwrap(), new_key);
    assert!(!staged.exists());
}

#[test]
fn a_key_staged_by_a_rotation_that_never_committed_is_ignored_and_replaced() {
    let mut env = Env::new();
    let old_key = std::fs::read_to_string(key_file(&env)).unwrap();
    let staged = key_path_beside(&key_file(&env), "new");
    std::fs::write(&staged, "ab".repeat(32)).unwrap();
    env.restart();
    assert_eq!(std::fs::read_to_string(key_file(&env)).unwrap(), old_key);
    rotate(&mut env, "drill");
    let new_key = std::fs::read_to_string(key_file(&env)).unwrap();
    assert_ne!(new_key, old_key);
    assert_ne!(new_key.trim(), "ab".repeat(32));
    env.restart();
}
