# lobby-kiosk guest screens — Français (French).
# MACHINE-MADE TRANSLATION: to be reviewed by a native speaker before use in a real lobby.
# Message ids must match en.ftl exactly (a test checks it).

language-name = Français

## Shared
assistance = Assistance
back = Retour
cancel = Annuler
done = Terminé
start-over = Recommencer
step = Étape { $current } sur { $total }
see-desk = Veuillez vous adresser à la réception : notre équipe se fera un plaisir de vous aider.

## Welcome
welcome-title = Bienvenue au { $property }
welcome-subtitle = Enregistrez-vous ici en une minute environ.
welcome-check-in = Enregistrement
welcome-check-in-hint = J'arrive aujourd'hui
welcome-confirm = Confirmer ma réservation
welcome-confirm-hint = Réservé mais pas encore confirmé
welcome-my-stay = Mon séjour
welcome-my-stay-hint = Revoir les informations de la chambre
welcome-language = Langue

## Find reservation
find-title = Trouvez votre réservation
find-by-confirmation = Numéro de confirmation
find-by-name = Mon nom
field-confirmation = Numéro de confirmation
field-last-name = Nom
field-first-name = Prénom
find-submit = Trouver ma réservation
find-scanner-hint = Ou scannez le code-barres de votre e-mail de confirmation.
find-searching = Recherche…
find-not-found = Nous n'avons pas trouvé cette réservation. Vérifiez les informations et réessayez.
find-ambiguous = Plusieurs réservations correspondent à ce nom. Utilisez votre numéro de confirmation.
find-not-today = Cette réservation commence le { $date }. L'enregistrement sera possible ce jour-là.
find-paused = Veuillez patienter { $seconds } secondes avant une nouvelle recherche.
find-missing = Veuillez remplir les deux champs.
key-accents = àéß
key-letters = ABC
key-digits = 123
key-space = Espace
key-delete = Effacer
key-ok = OK

## Confirm phone
confirm-title = Bonjour, { $name }
confirm-body = Nous allons envoyer un code par SMS au mobile de votre réservation :
confirm-send = Envoyer le code
confirm-not-yours = Ce n'est pas votre numéro ? Adressez-vous à la réception.

## Sending
sending-title = Envoi de votre code…
sending-body = Cela prend généralement quelques secondes.
sending-failed-title = Le code n'a pas pu être envoyé
sending-failed-body = Le service SMS ne répond pas pour le moment.
try-again = Réessayer

## Enter code
code-title = Saisissez votre code
code-body = Nous avons envoyé un code à { $length } chiffres au { $phone }.
code-expires = Code valable { $time }
code-expired = Ce code a expiré. Demandez-en un nouveau.
code-resend = Envoyer un nouveau code
code-resend-in = Nouveau code dans { $seconds } s
code-no-resend = Aucun autre code ne peut être envoyé. Adressez-vous à la réception.
code-wrong = Ce code n'est pas correct. { $attempts ->
    [one] Il reste un essai.
   *[other] Il reste { $attempts } essais.
}
code-checking = Vérification…
code-resent = Nous avons envoyé un nouveau code.

## Second factor
factor-title = Une dernière vérification
factor-date_of_birth = Votre date de naissance (JJMMAAAA)
factor-postcode = Le code postal de votre domicile
factor-card_last4 = Les 4 derniers chiffres de la carte utilisée
factor-wrong = Cela ne correspond pas. Veuillez réessayer.

## Success
success-title = Bienvenue, { $name } !
success-room = Chambre { $room }
success-until = Votre séjour se termine le { $date }.
success-confirmed-title = Merci, { $name }
success-confirmed-body = Votre réservation est confirmée. Nous vous attendons le { $date }.
success-pending-title = Presque prêt, { $name }
success-pending-body = Vous êtes enregistré, mais votre chambre est encore en préparation. Adressez-vous à la réception : nous vous remettrons votre clé dès qu'elle sera prête.
success-qr-hint = Scannez avec l'appareil photo de votre téléphone.
success-clears = Cet écran s'efface dans { $seconds } s.

## Front desk
desk-title = Veuillez vous adresser à la réception
desk-body = Nous ne pouvons pas terminer à la borne. L'équipe de la réception se fera un plaisir de vous aider.
desk-no-phone = Aucun numéro de mobile ne figure sur cette réservation : nous ne pouvons pas vous envoyer de code.

## Assistance
assist-title = Nous sommes là pour vous aider
assist-notified = Nous avons prévenu la réception.
assist-where = Notre équipe vous attend à la réception, dans le hall.
assist-close = Fermer

## Idle
idle-title = Êtes-vous toujours là ?
idle-body = Pour protéger votre vie privée, cet écran se réinitialise dans { $seconds } secondes.
idle-continue = Je suis toujours là

## Maintenance
maintenance-title = Cette borne fait une courte pause
maintenance-guest = Veuillez vous enregistrer à la réception. Nous vous prions de nous excuser.
maintenance-it = Pour le service informatique
