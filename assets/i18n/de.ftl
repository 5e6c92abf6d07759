# lobby-kiosk guest screens — Deutsch (German).
# MACHINE-MADE TRANSLATION: to be reviewed by a native speaker before use in a real lobby.
# Message ids must match en.ftl exactly (a test checks it).

language-name = Deutsch

## Shared
assistance = Hilfe
back = Zurück
cancel = Abbrechen
done = Fertig
start-over = Neu beginnen
step = Schritt { $current } von { $total }
see-desk = Bitte wenden Sie sich an die Rezeption – unser Team hilft Ihnen gern.

## Welcome
# The property's name stands alone (no "au", "ao", "im" …): a preposition would give it a gender.
welcome-title = { $property } heißt Sie willkommen
welcome-subtitle = Hier checken Sie in etwa einer Minute ein.
welcome-check-in = Einchecken
welcome-check-in-hint = Anreise heute
welcome-confirm = Buchung bestätigen
welcome-confirm-hint = Gebucht, aber noch nicht bestätigt
welcome-my-stay = Mein Aufenthalt
welcome-my-stay-hint = Zimmerdaten erneut anzeigen
welcome-language = Sprache

## Find reservation
find-title = Ihre Buchung finden
find-by-confirmation = Buchungsnummer
find-by-name = Mein Name
field-confirmation = Buchungsnummer
field-last-name = Nachname
field-first-name = Vorname
find-submit = Buchung suchen
find-scanner-hint = Oder scannen Sie den Barcode aus Ihrer Bestätigungs-E-Mail.
find-searching = Suche läuft…
find-not-found = Wir haben diese Buchung nicht gefunden. Bitte prüfen Sie die Angaben und versuchen Sie es erneut.
find-not-found-name = Wir konnten zu diesem Namen keine eindeutige Buchung finden. Bitte suchen Sie stattdessen mit Ihrer Buchungsnummer.
find-surname-needed = Bitte geben Sie zum Fortfahren Ihren Nachnamen ein.
find-not-today = Diese Buchung beginnt am { $date }. Ab diesem Tag können Sie hier einchecken.
find-not-today-confirm = Diese Buchung beginnt am { $date }; ab dann ist der Check-in möglich. Bestätigen können Sie sie schon jetzt.
find-already-checked-in = Sie sind bereits eingecheckt. Unter „Mein Aufenthalt“ sehen Sie Ihr Zimmer.
find-already-confirmed = Diese Buchung ist bereits bestätigt. Wir freuen uns auf Sie am { $date }; ab diesem Tag können Sie hier einchecken.
find-arrives-today = Ihr Aufenthalt beginnt heute: Checken Sie jetzt ein – damit ist die Buchung auch bestätigt.
find-stay-ends = Dieser Aufenthalt endet heute, daher ist das Einchecken am Terminal nicht mehr möglich. Bitte wenden Sie sich an die Rezeption.
find-paused = Bitte warten Sie { $seconds ->
    [one] { $seconds } Sekunde
   *[other] { $seconds } Sekunden
}, bevor Sie erneut suchen.
find-missing = Bitte füllen Sie beide Felder aus.
key-accents = àéß
key-letters = ABC
key-digits = 123
key-space = Leerzeichen
key-delete = Löschen
key-ok = OK

## Confirm phone
confirm-title = Hallo, { $name }
confirm-body = Wir senden einen Code per SMS an die Mobilnummer Ihrer Buchung:
confirm-send = Code senden
confirm-not-yours = Nicht Ihre Nummer? Bitte wenden Sie sich an die Rezeption.

## Sending
sending-title = Ihr Code wird gesendet…
sending-body = Das dauert meist nur wenige Sekunden.
sending-failed-title = Der Code konnte nicht gesendet werden
sending-failed-body = Der SMS-Dienst antwortet gerade nicht.
sending-recent-title = Vor wenigen Augenblicken wurde ein Code gesendet
sending-recent-body = Bitte sehen Sie auf Ihrem Telefon nach. Nach der Wartezeit können Sie einen neuen Code anfordern.
sending-retry-in = Sie können es in { $seconds ->
    [one] { $seconds } Sekunde
   *[other] { $seconds } Sekunden
} erneut versuchen.
try-again = Erneut versuchen

## Enter code
code-title = Code eingeben
code-body = Wir haben einen { $length ->
    [one] { $length }-stelligen
   *[other] { $length }-stelligen
} Code an { $phone } gesendet.
code-expires = Der Code läuft in { $time } ab
code-expired = Dieser Code ist abgelaufen. Fordern Sie einen neuen an.
code-resend = Neuen Code senden
code-resend-in = In { $seconds ->
    [one] { $seconds } Sekunde
   *[other] { $seconds } Sekunden
} neuen Code senden
code-no-resend = Es können keine weiteren Codes gesendet werden. Bitte wenden Sie sich an die Rezeption.
code-wrong = Dieser Code stimmt nicht. { $attempts ->
    [one] Sie haben noch einen Versuch.
   *[other] Sie haben noch { $attempts } Versuche.
}
code-checking = Wird geprüft…
code-resent = Wir haben einen neuen Code gesendet.

## Second factor
factor-title = Noch eine Prüfung
factor-date_of_birth = Ihr Geburtsdatum als 8 Ziffern: { $order ->
    [mdy] Monat, Tag, Jahr
    [ymd] Jahr, Monat, Tag
   *[dmy] Tag, Monat, Jahr
}
factor-example = Zum Beispiel: Für den { $date } geben Sie { $digits } ein
factor-postcode = Die Postleitzahl Ihrer Wohnadresse
factor-card_last4 = Die letzten 4 Ziffern der Karte, mit der Sie gebucht haben
factor-wrong = Das stimmt nicht überein. Bitte versuchen Sie es erneut.

## Success
success-title = Willkommen, { $name }!
success-room = Zimmer { $room }
success-until = Ihr Aufenthalt endet am { $date }.
success-confirmed-title = Vielen Dank, { $name }
success-confirmed-body = Ihre Buchung ist bestätigt. Wir freuen uns auf Sie am { $date }.
success-pending-title = Fast fertig, { $name }
success-pending-body = Sie sind eingecheckt, aber Ihr Zimmer wird noch vorbereitet. Bitte kommen Sie zur Rezeption – Sie erhalten Ihren Schlüssel, sobald es fertig ist.
success-qr-hint = Mit der Handykamera scannen.
success-clears = Diese Anzeige wird in { $seconds ->
    [one] { $seconds } Sekunde
   *[other] { $seconds } Sekunden
} gelöscht.
success-stay-title = Ihre Buchung, { $name }
success-stay-dates = Anreise { $arrival } · Abreise { $departure }
success-next-check-in-from = Ihr Zimmer ist bei Ihrer Ankunft bereit – checken Sie hier ab dem { $date } ein.
success-next-check-in-today = Sie sind noch nicht eingecheckt. Checken Sie hier ein, um Zimmernummer und Schlüssel zu erhalten, oder wenden Sie sich an die Rezeption.

## Front desk
desk-title = Bitte wenden Sie sich an die Rezeption
desk-body = Das lässt sich am Terminal nicht abschließen. Unser Team an der Rezeption hilft Ihnen gern.
desk-no-phone = Für diese Buchung ist keine Mobilnummer hinterlegt, daher können wir keinen Code senden.

## Assistance
assist-title = Wir helfen Ihnen gern
assist-notified = Wir haben die Rezeption informiert.
assist-where = Unser Team finden Sie an der Rezeption in der Lobby.
assist-close = Schließen

## Idle
idle-title = Sind Sie noch da?
idle-body = Zum Schutz Ihrer Daten wird diese Anzeige in { $seconds ->
    [one] { $seconds } Sekunde
   *[other] { $seconds } Sekunden
} zurückgesetzt.
idle-continue = Ich bin noch da

## Maintenance
maintenance-title = Dieses Terminal macht eine kurze Pause
maintenance-guest = Bitte checken Sie an der Rezeption ein. Entschuldigen Sie die Wartezeit.
maintenance-it = Für die IT

## Welcome: text size
welcome-larger-text = Größere Schrift
welcome-standard-text = Normale Schrift

## Staff mode (shown in the kiosk's default language)
staff-title = Mitarbeitermodus
staff-title-named = Mitarbeitermodus · { $name }
staff-guest-mode = Zurück zum Gästemodus
staff-exit = Terminal beenden
staff-exit-title = Terminal beenden?
staff-exit-body = Gäste können dieses Terminal erst nach einem Neustart wieder nutzen. Das Beenden wird unter Ihrem Namen protokolliert.
staff-working = Wird ausgeführt…
staff-pin-title = Mitarbeiter-Anmeldung
staff-pin-body = Geben Sie Ihre Mitarbeiter-PIN ein.
staff-pin-wrong = Diese PIN ist nicht richtig.
staff-pin-cooldown = Zu viele falsche PINs. Neuer Versuch in { $time }.
staff-pin-locked = Das PIN-Feld ist nach zu vielen falschen PINs gesperrt. Versuchen Sie es später erneut oder bitten Sie die IT, es zu entsperren.
staff-pin-too-short = Diese PIN ist zu kurz und kann nicht mehr verwendet werden. Bitten Sie die IT um eine neue PIN.
staff-section-locked = Gesperrte Buchungen
staff-section-find = Gast suchen
staff-section-health = Systemstatus
staff-section-events = Letzte Ereignisse
staff-none-locked = Keine Buchung ist gesperrt.
staff-locked-for = noch { $time } gesperrt
staff-scope-name = Nur Namenssuche — die Buchungsnummer funktioniert weiter
staff-unlock = Entsperren
staff-unlocked = Entsperrt. Der Gast kann jetzt einen neuen Code anfordern.
staff-not-locked = Diese Buchung war nicht mehr gesperrt.
staff-reason-title = Warum?
staff-reason-identity = Identität des Gastes an der Rezeption bestätigt
staff-reason-mistyped = Gast hat den Code falsch eingegeben
staff-reason-not-guest = Jemand anderes hat die Sperre ausgelöst
staff-reason-no-phone = Telefon des Gastes ist nicht verfügbar
staff-reason-no-sms = Der Code ist nicht angekommen
staff-reason-wrong-number = Die hinterlegte Nummer ist falsch
staff-reason-new-number = Gast hat eine neue Nummer
staff-reason-carrier = Gästegruppe beim Netzbetreiber bestätigt
staff-reason-guest-in-range = Ein Gast an der Rezeption hat eine Nummer in diesem Bereich
staff-reason-false-alarm = Fehlalarm
staff-find-hint = Buchungsnummer oder Nachname
staff-find-submit = Suchen
staff-no-results = Keine passende Buchung.
staff-search-again = Neue Suche
staff-is-locked = gesperrt
staff-status-pending = Ausstehend
staff-status-confirmed = Bestätigt
staff-status-checked-in = Eingecheckt
staff-status-cancelled = Storniert
staff-status-checked-out = Ausgecheckt
staff-status-no-show = Nicht erschienen
staff-confirmation = Buchungsnummer
staff-status = Status
staff-dates = Aufenthalt
staff-room = Zimmer
staff-phone = Hinterlegte Nummer
staff-no-phone = keine Mobilnummer
staff-verify-id = Lichtbildausweis prüfen
staff-which-document = Welchen Lichtbildausweis hat der Gast vorgelegt?
staff-doc-passport = Reisepass
staff-doc-national-id = Personalausweis
staff-doc-driving-licence = Führerschein
staff-doc-residence-permit = Aufenthaltstitel
staff-doc-other = Anderer Lichtbildausweis
staff-id-recorded = Ausweisprüfung protokolliert.
staff-check-in = Jetzt einchecken
staff-checked-in = Eingecheckt. Zimmer { $room }.
staff-checked-in-pending = Eingecheckt; das Zimmer ist noch nicht fertig.
staff-change-phone = Telefonnummer ändern
staff-new-phone = Neue Mobilnummer
staff-phone-hint = Ausländische Nummern mit + beginnen.
staff-phone-changed = Hinterlegte Nummer geändert in { $phone }.
staff-sync = Mit dem PMS synchronisieren
staff-sync-off = Die Synchronisierung ist an diesem Terminal ausgeschaltet.
staff-backlog = Wartende Ereignisse
staff-oldest = Älteste Wartezeit
staff-last-success = Letzter Erfolg
staff-last-error = Letzter Fehler
staff-quarantined = In Quarantäne
staff-cache-age = Alter der Anreiseliste
staff-gateways = SMS-Gateways
staff-breaker-closed = funktioniert
staff-breaker-open = nach Fehlern pausiert
staff-breaker-half-open = neuer Versuch läuft
staff-ok = OK
staff-failed = Fehler
staff-never = nie
staff-ago = vor { $time }
staff-refresh = Aktualisieren
staff-test-sms = Test-SMS senden
staff-test-to = Test-SMS senden an
staff-test-sent = Test-SMS von { $gateway } angenommen.
staff-pumping = Wegen SMS-Pumping pausierte Nummernbereiche
staff-pumping-none = Kein Nummernbereich ist pausiert.
staff-paused-for = noch { $time } pausiert
staff-pause-level = { $n ->
    [one] erste Pause
   *[other] { $n } Pausen in Folge
}
staff-lift-pause = Pause aufheben
staff-pause-lifted = Pause aufgehoben. Gäste mit diesen Nummern können wieder Codes erhalten.
staff-not-paused = Dieser Bereich war nicht mehr pausiert.
staff-no-events = Noch keine Ereignisse.
staff-prev = Zurück
staff-next = Weiter

## My stay: update email
success-update-email = E-Mail-Adresse ändern
email-title = Ihre neue E-Mail-Adresse
email-hint = Buchstaben werden kleingeschrieben. @ und . finden Sie unter 123.
email-save = Speichern
email-saving = Wird gespeichert…
email-invalid = Das sieht nicht nach einer E-Mail-Adresse aus. Bitte prüfen Sie die Eingabe.
email-saved-title = Vielen Dank
email-saved-body = Ihre E-Mail-Adresse wurde aktualisiert.

## Greetings without the guest's name: the booking has none, or the fonts cannot draw it
confirm-title-unnamed = Guten Tag
success-title-unnamed = Willkommen!
success-confirmed-title-unnamed = Vielen Dank
success-pending-title-unnamed = Ihr Zimmer ist fast fertig
success-stay-title-unnamed = Ihre Buchung
