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
find-by-confirmation = Booking number
find-by-name = My name
field-confirmation = Booking number
field-last-name = Last name
field-first-name = First name
find-submit = Find my booking
find-scanner-hint = Or scan the barcode from your confirmation email.
find-searching = Searching…
find-not-found = We couldn't find that booking. Please check the details and try again.
find-not-found-name = We couldn't find a single booking with that name. Please search by your booking number instead.
find-surname-needed = Please type your last name to continue.
find-not-today = This booking starts on { $date }. You can check in here from that day.
find-not-today-confirm = This booking starts on { $date }, when check-in opens. You can confirm the booking now.
find-already-checked-in = You're already checked in. My stay shows your room.
find-already-confirmed = This booking is already confirmed. We look forward to seeing you on { $date }; you can check in here from that day.
find-arrives-today = Your stay starts today: check in now, and that confirms the booking too.
find-stay-ends = This stay ends today, so it can no longer be checked in here. Please see the front desk.
find-paused = Please wait { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
} before searching again.
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
sending-recent-title = A code was sent a moment ago
sending-recent-body = Please check your phone. You can ask for a new code when the wait is over.
sending-retry-in = You can try again in { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}.
try-again = Try again

## Enter code
code-title = Enter your code
# A count takes a plural selector even where, as in "6-digit", English does not inflect it.
code-body = We sent a { $length ->
    [one] { $length }-digit
   *[other] { $length }-digit
} code to { $phone }.
code-expires = Code expires in { $time }
code-expired = This code has expired. Ask for a new one.
code-resend = Send a new code
code-resend-in = Send a new code in { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}
code-no-resend = No more codes can be sent. Please see the front desk.
code-wrong = That code isn't right. { $attempts ->
    [one] One attempt left.
   *[other] { $attempts } attempts left.
}
code-checking = Checking…
code-resent = We sent a new code.

## Second factor
factor-title = One more check
factor-date_of_birth = Your date of birth as 8 digits: { $order ->
    [mdy] month, day, year
    [ymd] year, month, day
   *[dmy] day, month, year
}
factor-example = For example, type { $digits } for { $date }
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
success-clears = This screen clears itself in { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}.
success-stay-title = Your booking, { $name }
success-stay-dates = Arrival { $arrival } · departure { $departure }
success-next-check-in-from = Your room will be ready on arrival — check in here from { $date }.
success-next-check-in-today = You're not checked in yet. Check in here to get your room number and key, or ask at the front desk.

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
idle-body = For your privacy, this screen resets in { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}.
idle-continue = I'm still here

## Maintenance
maintenance-title = This kiosk is taking a short break
maintenance-guest = Please check in at the front desk. We're sorry for the wait.
maintenance-it = For IT staff

## Welcome: text size
welcome-larger-text = Larger text
welcome-standard-text = Standard text

## Staff mode (shown in the kiosk's default language)
staff-title = Staff mode
staff-title-named = Staff mode · { $name }
staff-guest-mode = Back to guest mode
staff-exit = Exit kiosk
staff-exit-title = Exit the kiosk?
staff-exit-body = Guests cannot use this kiosk until it is started again. The exit is recorded under your name.
staff-working = Working…
staff-pin-title = Staff sign-in
staff-pin-body = Enter your staff PIN.
staff-pin-wrong = That PIN is not right.
staff-pin-cooldown = Too many wrong PINs. Try again in { $time }.
staff-pin-locked = The PIN pad is locked after too many wrong PINs. Try again later, or ask IT to unlock it.
staff-pin-too-short = This PIN is too short to be used any more. Ask IT for a new PIN.
staff-section-locked = Locked bookings
staff-section-find = Find a guest
staff-section-health = System health
staff-section-events = Recent events
staff-none-locked = No booking is locked.
staff-locked-for = locked for { $time } more
staff-scope-name = Name search only — the booking number still works
staff-unlock = Unlock
staff-unlocked = Unlocked. The guest can ask for a new code now.
staff-not-locked = That booking was no longer locked.
staff-reason-title = Why?
staff-reason-identity = Guest identity confirmed at the desk
staff-reason-mistyped = Guest mistyped the code
staff-reason-not-guest = Someone else caused the lock
staff-reason-no-phone = Guest's phone is not available
staff-reason-no-sms = The code did not arrive
staff-reason-wrong-number = The number on file is wrong
staff-reason-new-number = Guest has a new number
staff-reason-carrier = Verified a guest group with the carrier
staff-reason-guest-in-range = A guest at the desk has a number in this range
staff-reason-false-alarm = False alarm
staff-find-hint = Booking number or last name
staff-find-submit = Search
staff-no-results = No booking matches.
staff-search-again = New search
staff-is-locked = locked
staff-status-pending = Pending
staff-status-confirmed = Confirmed
staff-status-checked-in = Checked in
staff-status-cancelled = Cancelled
staff-status-checked-out = Checked out
staff-status-no-show = No-show
staff-confirmation = Booking number
staff-status = Status
staff-dates = Stay
staff-room = Room
staff-phone = Phone on file
staff-no-phone = no mobile number
staff-verify-id = Verify photo ID
staff-which-document = Which photo ID did the guest show?
staff-doc-passport = Passport
staff-doc-national-id = National ID card
staff-doc-driving-licence = Driving licence
staff-doc-residence-permit = Residence permit
staff-doc-other = Other photo ID
staff-id-recorded = Photo ID check recorded.
staff-check-in = Check in now
staff-checked-in = Checked in. Room { $room }.
staff-checked-in-pending = Checked in; the room is not ready yet.
staff-change-phone = Change phone number
staff-new-phone = New mobile number
staff-phone-hint = Start with + for a number from abroad.
staff-phone-changed = Phone on file changed to { $phone }.
staff-sync = Sync with the PMS
staff-sync-off = Sync is off on this kiosk.
staff-backlog = Events waiting
staff-oldest = Oldest waiting
staff-last-success = Last success
staff-last-error = Last error
staff-quarantined = Quarantined
staff-cache-age = Arrivals list age
staff-gateways = SMS gateways
staff-breaker-closed = working
staff-breaker-open = paused after failures
staff-breaker-half-open = trying again
staff-ok = OK
staff-failed = failed
staff-never = never
staff-ago = { $time } ago
staff-refresh = Refresh
staff-test-sms = Send test SMS
staff-test-to = Send a test SMS to
staff-test-sent = Test SMS accepted by { $gateway }.
staff-pumping = SMS-pumping pauses
staff-pumping-none = No number range is paused.
staff-paused-for = paused for { $time } more
staff-pause-level = { $n ->
    [one] first pause
   *[other] { $n } pauses in a row
}
staff-lift-pause = Lift pause
staff-pause-lifted = Pause lifted. Guests with these numbers can get codes again.
staff-not-paused = That range was no longer paused.
staff-no-events = No events yet.
staff-prev = Previous
staff-next = Next

## My stay: update email
success-update-email = Update my email
email-title = Your new email address
email-hint = Letters are written in lower case. Find @ and . under 123.
email-save = Save
email-saving = Saving…
email-invalid = That doesn't look like an email address. Please check it.
email-saved-title = Thank you
email-saved-body = Your email address is updated.

## Greetings without the guest's name: the booking has none, or the fonts cannot draw it
confirm-title-unnamed = Hello
success-title-unnamed = Welcome!
success-confirmed-title-unnamed = Thank you
success-pending-title-unnamed = Your room is almost ready
success-stay-title-unnamed = Your booking
