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
see-desk = Veuillez vous adresser à la réception : notre équipe se fera un plaisir de vous aider.

## Welcome
# The property's name stands alone (no "au", "ao", "im" …): a preposition would give it a gender.
welcome-title = { $property } vous souhaite la bienvenue
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
find-by-confirmation = Numéro de réservation
find-by-name = Mon nom
field-confirmation = Numéro de réservation
field-last-name = Nom
field-first-name = Prénom
find-submit = Trouver ma réservation
find-scanner-hint = Ou scannez le code-barres de votre e-mail de confirmation.
find-searching = Recherche…
find-not-found = Nous n'avons pas trouvé cette réservation. Vérifiez les informations et réessayez.
find-not-found-name = Nous n'avons pas trouvé de réservation unique à ce nom. Recherchez plutôt avec votre numéro de réservation.
find-surname-needed = Saisissez votre nom pour continuer.
find-not-today = Cette réservation commence le { $date }. L'enregistrement sera possible ici à partir de ce jour-là.
find-not-today-confirm = Cette réservation commence le { $date }, jour où l'enregistrement ouvre. Vous pouvez déjà la confirmer.
find-already-checked-in = Votre enregistrement est déjà fait : « Mon séjour » affiche votre chambre.
find-already-confirmed = Cette réservation est déjà confirmée. Nous vous attendons le { $date } ; l'enregistrement sera possible ici à partir de ce jour-là.
find-arrives-today = Votre séjour commence aujourd'hui : enregistrez-vous maintenant, cela confirme aussi la réservation.
find-stay-ends = Ce séjour se termine aujourd'hui : il ne peut plus être enregistré à la borne. Veuillez vous adresser à la réception.
find-paused = Veuillez patienter { $seconds ->
    [one] { $seconds } seconde
   *[other] { $seconds } secondes
} avant une nouvelle recherche.
find-missing = Veuillez remplir les deux champs.
key-accents = àéß
key-letters = ABC
key-digits = 123
key-space = Espace
key-delete = Effacer
key-ok = OK

## Confirm phone
confirm-title = Bonjour, { $name }
confirm-body = Nous allons envoyer un code par SMS au mobile de votre réservation :
confirm-send = Envoyer le code
confirm-not-yours = Ce n'est pas votre numéro ? Adressez-vous à la réception.

## Sending
sending-title = Envoi de votre code…
sending-body = Cela prend généralement quelques secondes.
sending-failed-title = Le code n'a pas pu être envoyé
sending-failed-body = Le service SMS ne répond pas pour le moment.
sending-recent-title = Un code vient d'être envoyé
sending-recent-body = Consultez votre téléphone. Vous pourrez demander un nouveau code à la fin de l'attente.
sending-retry-in = Vous pourrez réessayer dans { $seconds ->
    [one] { $seconds } seconde
   *[other] { $seconds } secondes
}.
try-again = Réessayer

## Enter code
code-title = Saisissez votre code
code-body = Nous avons envoyé un code à { $length ->
    [one] { $length } chiffre
   *[other] { $length } chiffres
} au { $phone }.
code-expires = Le code expire dans { $time }
code-expired = Ce code a expiré. Demandez-en un nouveau.
code-resend = Envoyer un nouveau code
code-resend-in = Envoyer un nouveau code dans { $seconds ->
    [one] { $seconds } seconde
   *[other] { $seconds } secondes
}
code-no-resend = Aucun autre code ne peut être envoyé. Adressez-vous à la réception.
code-wrong = Ce code n'est pas correct. { $attempts ->
    [one] Il reste un essai.
   *[other] Il reste { $attempts } essais.
}
code-checking = Vérification…
code-resent = Nous avons envoyé un nouveau code.

## Second factor
factor-title = Une dernière vérification
factor-date_of_birth = Votre date de naissance en 8 chiffres : { $order ->
    [mdy] mois, jour, année
    [ymd] année, mois, jour
   *[dmy] jour, mois, année
}
factor-example = Par exemple, pour le { $date }, tapez { $digits }
factor-postcode = Le code postal de votre domicile
factor-card_last4 = Les 4 derniers chiffres de la carte utilisée
factor-wrong = Cela ne correspond pas. Veuillez réessayer.

## Success
success-title = Bienvenue, { $name } !
success-room = Chambre { $room }
success-until = Votre séjour se termine le { $date }.
success-confirmed-title = Merci, { $name }
success-confirmed-body = Votre réservation est confirmée. Nous vous attendons le { $date }.
success-pending-title = Votre chambre est presque prête, { $name }
success-pending-body = Votre enregistrement est fait, mais votre chambre est encore en préparation. Adressez-vous à la réception : nous vous remettrons votre clé dès qu'elle sera prête.
success-qr-hint = Scannez avec l'appareil photo de votre téléphone.
success-clears = Cet écran s'efface dans { $seconds ->
    [one] { $seconds } seconde
   *[other] { $seconds } secondes
}.
success-stay-title = Votre réservation, { $name }
success-stay-dates = Arrivée { $arrival } · départ { $departure }
success-next-check-in-from = Votre chambre sera prête à votre arrivée — enregistrez-vous ici à partir du { $date }.
success-next-check-in-today = Votre enregistrement n'est pas encore fait. Enregistrez-vous ici pour obtenir votre numéro de chambre et votre clé, ou adressez-vous à la réception.

## Front desk
desk-title = Veuillez vous adresser à la réception
desk-body = Nous ne pouvons pas terminer à la borne. L'équipe de la réception se fera un plaisir de vous aider.
desk-no-phone = Aucun numéro de mobile ne figure sur cette réservation : nous ne pouvons pas vous envoyer de code.

## Assistance
assist-title = Nous sommes là pour vous aider
assist-notified = Nous avons prévenu la réception.
assist-where = Notre équipe vous attend à la réception, dans le hall.
assist-close = Fermer

## Idle
idle-title = Êtes-vous toujours là ?
idle-body = Pour protéger votre vie privée, cet écran se réinitialise dans { $seconds ->
    [one] { $seconds } seconde
   *[other] { $seconds } secondes
}.
idle-continue = Je suis toujours là

## Maintenance
maintenance-title = Cette borne fait une courte pause
maintenance-guest = Veuillez vous enregistrer à la réception. Nous vous prions de nous excuser.
maintenance-it = Pour le service informatique

## Welcome: text size
welcome-larger-text = Texte plus grand
welcome-standard-text = Texte standard

## Staff mode (shown in the kiosk's default language)
staff-title = Mode personnel
staff-title-named = Mode personnel · { $name }
staff-guest-mode = Retour au mode client
staff-exit = Quitter la borne
staff-exit-title = Quitter la borne ?
staff-exit-body = Les clients ne pourront plus utiliser cette borne tant qu'elle n'aura pas été redémarrée. La sortie est enregistrée à votre nom.
staff-working = En cours…
staff-pin-title = Connexion du personnel
staff-pin-body = Saisissez votre code PIN personnel.
staff-pin-wrong = Ce code PIN n'est pas correct.
staff-pin-cooldown = Trop de codes PIN erronés. Réessayez dans { $time }.
staff-pin-locked = Le clavier PIN est bloqué après trop de codes PIN erronés. Réessayez plus tard ou demandez au service informatique de le débloquer.
staff-pin-too-short = Ce code PIN est trop court et ne peut plus être utilisé. Demandez un nouveau code PIN au service informatique.
staff-section-locked = Réservations bloquées
staff-section-find = Trouver un client
staff-section-health = État du système
staff-section-events = Événements récents
staff-none-locked = Aucune réservation n'est bloquée.
staff-locked-for = bloquée encore { $time }
staff-scope-name = Recherche par nom uniquement — le numéro de réservation fonctionne encore
staff-unlock = Débloquer
staff-unlocked = Débloquée. Le client peut maintenant demander un nouveau code.
staff-not-locked = Cette réservation n'était plus bloquée.
staff-reason-title = Pourquoi ?
staff-reason-identity = Identité du client confirmée à la réception
staff-reason-mistyped = Le client a mal saisi le code
staff-reason-not-guest = Quelqu'un d'autre a provoqué le blocage
staff-reason-no-phone = Le téléphone du client n'est pas disponible
staff-reason-no-sms = Le code n'est pas arrivé
staff-reason-wrong-number = Le numéro enregistré est erroné
staff-reason-new-number = Le client a un nouveau numéro
staff-reason-carrier = Groupe de clients vérifié auprès de l'opérateur
staff-reason-guest-in-range = Un client à la réception a un numéro dans cette plage
staff-reason-false-alarm = Fausse alerte
staff-find-hint = Numéro de réservation ou nom
staff-find-submit = Rechercher
staff-no-results = Aucune réservation ne correspond.
staff-search-again = Nouvelle recherche
staff-is-locked = bloquée
staff-status-pending = En attente
staff-status-confirmed = Confirmée
staff-status-checked-in = Enregistrée
staff-status-cancelled = Annulée
staff-status-checked-out = Parti
staff-status-no-show = Non présenté
staff-confirmation = Réservation
staff-status = Statut
staff-dates = Séjour
staff-room = Chambre
staff-phone = Téléphone enregistré
staff-no-phone = pas de numéro de mobile
staff-verify-id = Vérifier la pièce d'identité
staff-which-document = Quelle pièce d'identité avec photo le client a-t-il présentée ?
staff-doc-passport = Passeport
staff-doc-national-id = Carte nationale d'identité
staff-doc-driving-licence = Permis de conduire
staff-doc-residence-permit = Titre de séjour
staff-doc-other = Autre pièce d'identité avec photo
staff-id-recorded = Vérification de la pièce d'identité enregistrée.
staff-check-in = Enregistrer maintenant
staff-checked-in = Enregistrement effectué. Chambre { $room }.
staff-checked-in-pending = Enregistrement effectué ; la chambre n'est pas encore prête.
staff-change-phone = Modifier le numéro de téléphone
staff-new-phone = Nouveau numéro de mobile
staff-phone-hint = Commencez par + pour un numéro étranger.
staff-phone-changed = Téléphone enregistré remplacé par { $phone }.
staff-sync = Synchroniser avec le PMS
staff-sync-off = La synchronisation est désactivée sur cette borne.
staff-backlog = Événements en attente
staff-oldest = Attente la plus longue
staff-last-success = Dernier succès
staff-last-error = Dernière erreur
staff-quarantined = En quarantaine
staff-cache-age = Âge de la liste des arrivées
staff-gateways = Passerelles SMS
staff-breaker-closed = opérationnelle
staff-breaker-open = en pause après des échecs
staff-breaker-half-open = nouvel essai en cours
staff-ok = OK
staff-failed = échec
staff-never = jamais
staff-ago = il y a { $time }
staff-refresh = Actualiser
staff-test-sms = Envoyer un SMS de test
staff-test-to = Envoyer un SMS de test au
staff-test-sent = SMS de test accepté par { $gateway }.
staff-pumping = Plages de numéros suspendues (SMS pumping)
staff-pumping-none = Aucune plage de numéros n'est suspendue.
staff-paused-for = suspendue encore { $time }
staff-pause-level = { $n ->
    [one] première suspension
   *[other] { $n } suspensions d'affilée
}
staff-lift-pause = Lever la suspension
staff-pause-lifted = Suspension levée. Les clients avec ces numéros peuvent de nouveau recevoir des codes.
staff-not-paused = Cette plage n'était plus suspendue.
staff-no-events = Aucun événement pour l'instant.
staff-prev = Précédent
staff-next = Suivant

## My stay: update email
success-update-email = Modifier mon e-mail
email-title = Votre nouvelle adresse e-mail
email-hint = Les lettres s'écrivent en minuscules. @ et . se trouvent sous 123.
email-save = Enregistrer
email-saving = Enregistrement…
email-invalid = Cela ne ressemble pas à une adresse e-mail. Veuillez la vérifier.
email-saved-title = Merci
email-saved-body = Votre adresse e-mail a été mise à jour.

## Greetings without the guest's name: the booking has none, or the fonts cannot draw it
confirm-title-unnamed = Bonjour
success-title-unnamed = Bienvenue !
success-confirmed-title-unnamed = Merci
success-pending-title-unnamed = Votre chambre est presque prête
success-stay-title-unnamed = Votre réservation
