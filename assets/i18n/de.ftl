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
welcome-title = Willkommen im { $property }
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
find-ambiguous = Zu diesem Namen gibt es mehrere Buchungen. Bitte nutzen Sie Ihre Buchungsnummer.
find-not-today = Diese Buchung beginnt am { $date }. Ab diesem Tag können Sie einchecken.
find-paused = Bitte warten Sie { $seconds } Sekunden, bevor Sie erneut suchen.
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
try-again = Erneut versuchen

## Enter code
code-title = Code eingeben
code-body = Wir haben einen { $length }-stelligen Code an { $phone } gesendet.
code-expires = Code gültig für { $time }
code-expired = Dieser Code ist abgelaufen. Fordern Sie einen neuen an.
code-resend = Neuen Code senden
code-resend-in = Neuer Code in { $seconds } s
code-no-resend = Es können keine weiteren Codes gesendet werden. Bitte wenden Sie sich an die Rezeption.
code-wrong = Dieser Code stimmt nicht. { $attempts ->
    [one] Noch ein Versuch.
   *[other] Noch { $attempts } Versuche.
}
code-checking = Wird geprüft…
code-resent = Wir haben einen neuen Code gesendet.

## Second factor
factor-title = Noch eine Prüfung
factor-date_of_birth = Ihr Geburtsdatum (TTMMJJJJ)
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
success-clears = Diese Anzeige wird in { $seconds } s gelöscht.

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
idle-body = Zum Schutz Ihrer Daten wird diese Anzeige in { $seconds } Sekunden zurückgesetzt.
idle-continue = Ich bin noch da

## Maintenance
maintenance-title = Dieses Terminal macht eine kurze Pause
maintenance-guest = Bitte checken Sie an der Rezeption ein. Entschuldigen Sie die Wartezeit.
maintenance-it = Für die IT
