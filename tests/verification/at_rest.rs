//! The install key at rest: an upgrade from a version that kept it inside the database moves it
//! to the key file unchanged, so codes sent before the upgrade still verify and per-phone
//! limits keep counting under the same phone hashes.

use lobby_kiosk::otp::{Purpose, VerifyOutcome};

use crate::common::{Env, UK_MOBILE};

#[test]
fn an_upgrade_moves_the_in_database_key_out_and_open_codes_still_verify() {
    let mut env = Env::new();
    let r = env.reference("ABC-123", "Lee");
    let open = env.issue_sent(&r, Purpose::CheckIn);
    let secret = env.store.install_secret().unwrap();
    let phone_key = env.engine.phone_key(UK_MOBILE);
    // The file as an older version left it: the key in `meta`, no key file, no check value.
    env.store.meta_set("install_secret", &secret).unwrap();
    env.store
        .conn()
        .execute("DELETE FROM meta WHERE key = 'install_key_check'", [])
        .unwrap();
    let key_file = env.dir.path().join("kiosk.db.key");
    std::fs::remove_file(&key_file).unwrap();

    env.restart();
    assert!(key_file.is_file(), "the key moved to its file");
    assert_eq!(env.store.meta_get("install_secret").unwrap(), None);
    assert_eq!(
        env.store.install_secret().unwrap(),
        secret,
        "never regenerated"
    );
    assert_eq!(
        env.engine.phone_key(UK_MOBILE),
        phone_key,
        "limits keep their keys"
    );
    env.advance(5);
    let now = env.now();
    let out = env
        .engine
        .verify(&mut env.store, now, &open.challenge, &open.code)
        .unwrap();
    assert!(matches!(out, VerifyOutcome::Verified(_)), "{out:?}");
}
