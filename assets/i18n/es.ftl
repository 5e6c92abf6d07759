# lobby-kiosk guest screens — Español (Spanish).
# MACHINE-MADE TRANSLATION: to be reviewed by a native speaker before use in a real lobby.
# Message ids must match en.ftl exactly (a test checks it).

language-name = Español

## Shared
assistance = Asistencia
back = Atrás
cancel = Cancelar
done = Listo
start-over = Empezar de nuevo
step = Paso { $current } de { $total }
see-desk = Acérquese a la recepción: nuestro equipo le ayudará con gusto.

## Welcome
# The property's name stands alone (no "au", "ao", "im" …): a preposition would give it a gender.
welcome-title = { $property } le da la bienvenida
welcome-subtitle = Haga aquí el check-in en un minuto.
welcome-check-in = Hacer check-in
welcome-check-in-hint = Llego hoy
welcome-confirm = Confirmar mi reserva
welcome-confirm-hint = Reservado pero aún sin confirmar
welcome-my-stay = Mi estancia
welcome-my-stay-hint = Ver de nuevo los datos de la habitación
welcome-language = Idioma

## Find reservation
find-title = Busque su reserva
find-by-confirmation = Número de reserva
find-by-name = Mi nombre
field-confirmation = Número de reserva
field-last-name = Apellido
field-first-name = Nombre
find-submit = Buscar mi reserva
find-scanner-hint = O escanee el código de barras de su correo de confirmación.
find-searching = Buscando…
find-not-found = No encontramos esa reserva. Revise los datos e inténtelo de nuevo.
find-not-found-name = No encontramos una única reserva con ese nombre. Busque mejor con su número de reserva.
find-surname-needed = Escriba su apellido para continuar.
find-not-today = Esta reserva empieza el { $date }. Podrá hacer aquí el check-in a partir de ese día.
find-not-today-confirm = Esta reserva empieza el { $date }, cuando se abre el check-in. Ya puede confirmar la reserva.
find-already-checked-in = Ya ha hecho el check-in. En «Mi estancia» verá su habitación.
find-already-confirmed = Esta reserva ya está confirmada. Le esperamos el { $date }; podrá hacer aquí el check-in a partir de ese día.
find-arrives-today = Su estancia empieza hoy: haga ya el check-in, que también confirma la reserva.
find-stay-ends = Esta estancia termina hoy, así que ya no se puede hacer aquí el check-in. Acérquese a la recepción.
find-paused = Espere { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
} antes de volver a buscar.
find-missing = Rellene los dos campos.
key-accents = àéß
key-letters = ABC
key-digits = 123
key-space = Espacio
key-delete = Borrar
key-ok = OK

## Confirm phone
confirm-title = Hola, { $name }
confirm-body = Enviaremos un código por SMS al móvil de su reserva:
confirm-send = Enviar código
confirm-not-yours = ¿No es su número? Acérquese a la recepción.

## Sending
sending-title = Enviando su código…
sending-body = Suele tardar unos segundos.
sending-failed-title = No pudimos enviar el código
sending-failed-body = El servicio de SMS no responde en este momento.
sending-recent-title = Se acaba de enviar un código
sending-recent-body = Revise su teléfono. Podrá pedir un código nuevo cuando termine la espera.
sending-retry-in = Podrá intentarlo de nuevo en { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
}.
try-again = Intentar de nuevo

## Enter code
code-title = Introduzca el código
code-body = Hemos enviado un código de { $length ->
    [one] { $length } dígito
   *[other] { $length } dígitos
} a { $phone }.
code-expires = El código caduca en { $time }
code-expired = Este código ha caducado. Pida uno nuevo.
code-resend = Enviar un código nuevo
code-resend-in = Enviar un código nuevo en { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
}
code-no-resend = No se pueden enviar más códigos. Acérquese a la recepción.
code-wrong = El código no es correcto. { $attempts ->
    [one] Queda un intento.
   *[other] Quedan { $attempts } intentos.
}
code-checking = Comprobando…
code-resent = Le hemos enviado un código nuevo.

## Second factor
factor-title = Una comprobación más
factor-date_of_birth = Su fecha de nacimiento en 8 cifras: { $order ->
    [mdy] mes, día, año
    [ymd] año, mes, día
   *[dmy] día, mes, año
}
factor-example = Por ejemplo, para el { $date }, escriba { $digits }
factor-postcode = El código postal de su domicilio
factor-card_last4 = Últimos 4 dígitos de la tarjeta de la reserva
factor-wrong = No coincide. Inténtelo de nuevo.

## Success
success-title = ¡Le damos la bienvenida, { $name }!
success-room = Habitación { $room }
success-until = Su estancia termina el { $date }.
success-confirmed-title = Gracias, { $name }
success-confirmed-body = Su reserva está confirmada. Le esperamos el { $date }.
success-pending-title = Su habitación está casi lista, { $name }
success-pending-body = Ya ha hecho el check-in, pero su habitación aún se está preparando. Acérquese a la recepción: le daremos la llave en cuanto esté lista.
success-qr-hint = Escanee con la cámara de su móvil.
success-clears = Esta pantalla se borrará en { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
}.
success-stay-title = Su reserva, { $name }
success-stay-dates = Llegada { $arrival } · salida { $departure }
success-next-check-in-from = Su habitación estará lista a su llegada: haga aquí el check-in a partir del { $date }.
success-next-check-in-today = Aún no ha hecho el check-in. Hágalo aquí para recibir el número de habitación y la llave, o acérquese a la recepción.

## Front desk
desk-title = Acérquese a la recepción
desk-body = No podemos terminar esto en el quiosco. El equipo de recepción le ayudará con gusto.
desk-no-phone = Su reserva no tiene un número de móvil, así que no podemos enviarle un código.

## Assistance
assist-title = Estamos aquí para ayudarle
assist-notified = Hemos avisado a la recepción.
assist-where = Encontrará a nuestro equipo en la recepción del vestíbulo.
assist-close = Cerrar

## Idle
idle-title = ¿Sigue ahí?
idle-body = Por su privacidad, esta pantalla se reiniciará en { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
}.
idle-continue = Sigo aquí

## Maintenance
maintenance-title = Este quiosco está en pausa
maintenance-guest = Haga el check-in en la recepción. Disculpe la espera.
maintenance-it = Para el equipo de TI

## Welcome: text size
welcome-larger-text = Texto más grande
welcome-standard-text = Texto normal

## Staff mode (shown in the kiosk's default language)
staff-title = Modo empleado
staff-title-named = Modo empleado · { $name }
staff-guest-mode = Volver al modo huésped
staff-exit = Salir del quiosco
staff-exit-title = ¿Salir del quiosco?
staff-exit-body = Los huéspedes no podrán usar este quiosco hasta que se vuelva a iniciar. La salida queda registrada a su nombre.
staff-working = Procesando…
staff-pin-title = Acceso del personal
staff-pin-body = Introduzca su PIN de personal.
staff-pin-wrong = El PIN no es correcto.
staff-pin-cooldown = Demasiados PIN incorrectos. Inténtelo de nuevo en { $time }.
staff-pin-locked = El teclado de PIN está bloqueado tras demasiados PIN incorrectos. Inténtelo más tarde o pida a IT que lo desbloquee.
staff-pin-too-short = Este PIN es demasiado corto y ya no se puede usar. Pida a IT un PIN nuevo.
staff-section-locked = Reservas bloqueadas
staff-section-find = Buscar un huésped
staff-section-health = Estado del sistema
staff-section-events = Eventos recientes
staff-none-locked = No hay ninguna reserva bloqueada.
staff-locked-for = bloqueada durante { $time } más
staff-scope-name = Solo búsqueda por nombre — el número de reserva sigue funcionando
staff-unlock = Desbloquear
staff-unlocked = Desbloqueada. El huésped ya puede pedir un código nuevo.
staff-not-locked = Esa reserva ya no estaba bloqueada.
staff-reason-title = ¿Por qué?
staff-reason-identity = Identidad del huésped confirmada en recepción
staff-reason-mistyped = El huésped escribió mal el código
staff-reason-not-guest = Otra persona provocó el bloqueo
staff-reason-no-phone = El teléfono del huésped no está disponible
staff-reason-no-sms = El código no llegó
staff-reason-wrong-number = El número registrado es incorrecto
staff-reason-new-number = El huésped tiene un número nuevo
staff-reason-carrier = Grupo de huéspedes verificado con el operador
staff-reason-guest-in-range = Un huésped en recepción tiene un número de este rango
staff-reason-false-alarm = Falsa alarma
staff-find-hint = Número de reserva o apellido
staff-find-submit = Buscar
staff-no-results = Ninguna reserva coincide.
staff-search-again = Nueva búsqueda
staff-is-locked = bloqueada
staff-status-pending = Pendiente
staff-status-confirmed = Confirmada
staff-status-checked-in = Check-in hecho
staff-status-cancelled = Cancelada
staff-status-checked-out = Salida realizada
staff-status-no-show = No presentado
staff-confirmation = Número de reserva
staff-status = Estado
staff-dates = Estancia
staff-room = Habitación
staff-phone = Teléfono registrado
staff-no-phone = sin número de móvil
staff-verify-id = Verificar documento con foto
staff-which-document = ¿Qué documento con foto mostró el huésped?
staff-doc-passport = Pasaporte
staff-doc-national-id = Documento nacional de identidad
staff-doc-driving-licence = Permiso de conducir
staff-doc-residence-permit = Permiso de residencia
staff-doc-other = Otro documento con foto
staff-id-recorded = Comprobación del documento registrada.
staff-check-in = Hacer check-in ahora
staff-checked-in = Check-in hecho. Habitación { $room }.
staff-checked-in-pending = Check-in hecho; la habitación aún no está lista.
staff-change-phone = Cambiar número de teléfono
staff-new-phone = Nuevo número de móvil
staff-phone-hint = Empiece por + si el número es extranjero.
staff-phone-changed = Teléfono registrado cambiado a { $phone }.
staff-sync = Sincronizar con el PMS
staff-sync-off = La sincronización está desactivada en este quiosco.
staff-backlog = Eventos en espera
staff-oldest = Mayor tiempo de espera
staff-last-success = Último éxito
staff-last-error = Último error
staff-quarantined = En cuarentena
staff-cache-age = Antigüedad de la lista de llegadas
staff-gateways = Pasarelas SMS
staff-breaker-closed = funcionando
staff-breaker-open = en pausa tras fallos
staff-breaker-half-open = reintentando
staff-ok = OK
staff-failed = fallo
staff-never = nunca
staff-ago = hace { $time }
staff-refresh = Actualizar
staff-test-sms = Enviar SMS de prueba
staff-test-to = Enviar un SMS de prueba a
staff-test-sent = SMS de prueba aceptado por { $gateway }.
staff-pumping = Rangos de números en pausa por SMS pumping
staff-pumping-none = Ningún rango de números está en pausa.
staff-paused-for = en pausa durante { $time } más
staff-pause-level = { $n ->
    [one] primera pausa
   *[other] { $n } pausas seguidas
}
staff-lift-pause = Levantar pausa
staff-pause-lifted = Pausa levantada. Los huéspedes con estos números pueden volver a recibir códigos.
staff-not-paused = Ese rango ya no estaba en pausa.
staff-no-events = Aún no hay eventos.
staff-prev = Anterior
staff-next = Siguiente

## My stay: update email
success-update-email = Actualizar mi correo
email-title = Su nueva dirección de correo
email-hint = Las letras se escriben en minúscula. Encontrará @ y . en 123.
email-save = Guardar
email-saving = Guardando…
email-invalid = Eso no parece una dirección de correo. Revísela, por favor.
email-saved-title = Gracias
email-saved-body = Su dirección de correo se ha actualizado.

## Greetings without the guest's name: the booking has none, or the fonts cannot draw it
confirm-title-unnamed = Hola
success-title-unnamed = ¡Le damos la bienvenida!
success-confirmed-title-unnamed = Gracias
success-pending-title-unnamed = Su habitación está casi lista
success-stay-title-unnamed = Su reserva
