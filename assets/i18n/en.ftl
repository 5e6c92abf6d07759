# lobby-kiosk guest screens — English (source language).
# Every other .ftl file must define exactly these message ids (a test checks it).
# Keep lines short: they are read standing up, at arm's length.

language-name = English

## Shared
assistance = Assistance
back = Back
cancel = Cancel
done = Done
start-over = Start over
step = Step { $current } of { $total }
see-desk = Please see the front desk — our team will be glad to help.

## Welcome
welcome-title = Welcome to { $property }
welcome-subtitle = Check in here in about a minute.
welcome-check-in = Check in
welcome-check-in-hint = Arriving today
welcome-confirm = Confirm my booking
welcome-confirm-hint = Booked but not confirmed yet
welcome-my-stay = My stay
welcome-my-stay-hint = See your room details again
welcome-language = Language

## Find reservation
find-title = Find your booking
find-by-confirmation = Confirmation number
find-by-name = My name
field-confirmation = Confirmation number
field-last-name = Last name
field-first-name = First name
find-submit = Find my booking
find-scanner-hint = Or scan the barcode from your confirmation email.
find-searching = Searching…
find-not-found = We couldn't find that booking. Please check the details and try again.
find-ambiguous = More than one booking matches that name. Please use your confirmation number.
find-not-today = This booking starts on { $date }. You can check in from that day.
find-paused = Please wait { $seconds } seconds before searching again.
find-missing = Please fill in both fields.
key-accents = àéß
key-letters = ABC
key-digits = 123
key-space = Space
key-delete = Delete
key-ok = OK

## Confirm phone
confirm-title = Hello, { $name }
confirm-body = We'll text a code to the mobile number on your booking:
confirm-send = Send code
confirm-not-yours = Not your number? Please see the front desk.

## Sending
sending-title = Sending your code…
sending-body = This usually takes a few seconds.
sending-failed-title = We couldn't send the code
sending-failed-body = The text message service isn't answering right now.
try-again = Try again

## Enter code
code-title = Enter your code
code-body = We sent a { $length }-digit code to { $phone }.
code-expires = Code valid for { $time }
code-expired = This code has expired. Ask for a new one.
code-resend = Send a new code
code-resend-in = New code in { $seconds } s
code-no-resend = No more codes can be sent. Please see the front desk.
code-wrong = That code isn't right. { $attempts ->
    [one] One attempt left.
   *[other] { $attempts } attempts left.
}
code-checking = Checking…
code-resent = We sent a new code.

## Second factor
factor-title = One more check
factor-date_of_birth = Your date of birth (DDMMYYYY)
factor-postcode = The postcode of your home address
factor-card_last4 = Last 4 digits of the card you booked with
factor-wrong = That doesn't match. Please try again.

## Success
success-title = Welcome, { $name }!
success-room = Room { $room }
success-until = Your stay ends on { $date }.
success-confirmed-title = Thank you, { $name }
success-confirmed-body = Your booking is confirmed. We look forward to seeing you on { $date }.
success-pending-title = Almost ready, { $name }
success-pending-body = You're checked in, but your room is still being prepared. Please see the front desk — we'll give you your key as soon as it's ready.
success-qr-hint = Scan with your phone's camera.
success-clears = This screen clears itself in { $seconds } s.

## Front desk
desk-title = Please see the front desk
desk-body = We can't finish this at the kiosk. Our team at the front desk will be glad to help.
desk-no-phone = We don't have a mobile number for this booking, so we can't send you a code.

## Assistance
assist-title = We're here to help
assist-notified = We've let the front desk know.
assist-where = You'll find our team at the front desk in the lobby.
assist-close = Close

## Idle
idle-title = Still there?
idle-body = For your privacy, this screen resets in { $seconds } seconds.
idle-continue = I'm still here

## Maintenance
maintenance-title = This kiosk is taking a short break
maintenance-guest = Please check in at the front desk. We're sorry for the wait.
maintenance-it = For IT staff
