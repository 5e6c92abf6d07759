# lobby-kiosk guest screens — Português (Portuguese, European).
# MACHINE-MADE TRANSLATION: to be reviewed by a native speaker before use in a real lobby.
# Message ids must match en.ftl exactly (a test checks it).

language-name = Português

## Shared
assistance = Ajuda
back = Voltar
cancel = Cancelar
done = Concluir
start-over = Recomeçar
step = Passo { $current } de { $total }
see-desk = Dirija-se à receção — a nossa equipa terá todo o gosto em ajudar.

## Welcome
# The property's name stands alone (no "au", "ao", "im" …): a preposition would give it a gender.
welcome-title = { $property } dá-lhe as boas-vindas
welcome-subtitle = Faça aqui o check-in em cerca de um minuto.
welcome-check-in = Fazer check-in
welcome-check-in-hint = Chegada hoje
welcome-confirm = Confirmar a minha reserva
welcome-confirm-hint = Reservado, mas ainda não confirmado
welcome-my-stay = A minha estadia
welcome-my-stay-hint = Ver de novo os dados do quarto
welcome-language = Idioma

## Find reservation
find-title = Encontre a sua reserva
find-by-confirmation = Número da reserva
find-by-name = O meu nome
field-confirmation = Número da reserva
field-last-name = Apelido
field-first-name = Nome próprio
find-submit = Procurar reserva
find-scanner-hint = Ou digitalize o código de barras do e-mail de confirmação.
find-searching = A procurar…
find-not-found = Não encontrámos essa reserva. Verifique os dados e tente novamente.
find-not-found-name = Não encontrámos uma única reserva com esse nome. Pesquise antes pelo número da reserva.
find-surname-needed = Escreva o seu apelido para continuar.
find-not-today = Esta reserva começa a { $date }. Pode fazer aqui o check-in a partir desse dia.
find-not-today-confirm = Esta reserva começa a { $date }, quando abre o check-in. Já pode confirmar a reserva.
find-already-checked-in = O seu check-in já está feito. Em «A minha estadia» vê o seu quarto.
find-already-confirmed = Esta reserva já está confirmada. Esperamos por si a { $date }; pode fazer aqui o check-in a partir desse dia.
find-arrives-today = A sua estadia começa hoje: faça já o check-in, que também confirma a reserva.
find-stay-ends = Esta estadia termina hoje, por isso já não é possível fazer aqui o check-in. Dirija-se à receção.
find-paused = Aguarde { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
} antes de procurar novamente.
find-missing = Preencha os dois campos.
key-accents = àéß
key-letters = ABC
key-digits = 123
key-space = Espaço
key-delete = Apagar
key-ok = OK

## Confirm phone
confirm-title = Olá, { $name }
confirm-body = Vamos enviar um código por SMS para o telemóvel da sua reserva:
confirm-send = Enviar código
confirm-not-yours = Não é o seu número? Dirija-se à receção.

## Sending
sending-title = A enviar o seu código…
sending-body = Normalmente demora alguns segundos.
sending-failed-title = Não foi possível enviar o código
sending-failed-body = O serviço de SMS não está a responder neste momento.
sending-recent-title = Foi enviado um código há instantes
sending-recent-body = Verifique o seu telemóvel. Poderá pedir um novo código quando terminar a espera.
sending-retry-in = Poderá tentar novamente dentro de { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
}.
try-again = Tentar novamente

## Enter code
code-title = Introduza o código
code-body = Enviámos um código de { $length ->
    [one] { $length } dígito
   *[other] { $length } dígitos
} para { $phone }.
code-expires = O código expira dentro de { $time }
code-expired = Este código expirou. Peça um novo.
code-resend = Enviar novo código
code-resend-in = Enviar novo código dentro de { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
}
code-no-resend = Não é possível enviar mais códigos. Dirija-se à receção.
code-wrong = Código incorreto. { $attempts ->
    [one] Resta uma tentativa.
   *[other] Restam { $attempts } tentativas.
}
code-checking = A verificar…
code-resent = Enviámos um novo código.

## Second factor
factor-title = Só mais uma verificação
factor-date_of_birth = A sua data de nascimento em 8 algarismos: { $order ->
    [mdy] mês, dia, ano
    [ymd] ano, mês, dia
   *[dmy] dia, mês, ano
}
factor-example = Por exemplo, para o dia { $date }, escreva { $digits }
factor-postcode = O código postal da sua morada
factor-card_last4 = Últimos 4 dígitos do cartão usado na reserva
factor-wrong = Não corresponde. Tente novamente.

## Success
success-title = Boas-vindas, { $name }!
success-room = Quarto { $room }
success-until = A sua estadia termina a { $date }.
success-confirmed-title = Obrigado, { $name }
success-confirmed-body = A sua reserva está confirmada. Esperamos por si a { $date }.
success-pending-title = O seu quarto está quase pronto, { $name }
success-pending-body = O check-in está feito, mas o quarto ainda está a ser preparado. Dirija-se à receção — entregamos-lhe a chave assim que estiver pronto.
success-qr-hint = Digitalize com a câmara do telemóvel.
success-clears = Este ecrã fecha automaticamente dentro de { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
}.
success-stay-title = A sua reserva, { $name }
success-stay-dates = Chegada { $arrival } · partida { $departure }
success-next-check-in-from = O seu quarto estará pronto à chegada — faça aqui o check-in a partir de { $date }.
success-next-check-in-today = Ainda não fez o check-in. Faça-o aqui para receber o número do quarto e a chave, ou dirija-se à receção.

## Front desk
desk-title = Dirija-se à receção
desk-body = Não é possível concluir isto no quiosque. A equipa da receção terá todo o gosto em ajudar.
desk-no-phone = Não temos um número de telemóvel nesta reserva, por isso não podemos enviar um código.

## Assistance
assist-title = Estamos aqui para ajudar
assist-notified = Avisámos a receção.
assist-where = Encontra a nossa equipa na receção, no átrio.
assist-close = Fechar

## Idle
idle-title = Ainda está aí?
idle-body = Para proteger a sua privacidade, este ecrã reinicia dentro de { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
}.
idle-continue = Ainda estou aqui

## Maintenance
maintenance-title = Este quiosque está em pausa
maintenance-guest = Faça o check-in na receção. Pedimos desculpa pela espera.
maintenance-it = Para a equipa de TI

## Welcome: text size
welcome-larger-text = Texto maior
welcome-standard-text = Texto normal

## Staff mode (shown in the kiosk's default language)
staff-title = Modo de funcionário
staff-title-named = Modo de funcionário · { $name }
staff-guest-mode = Voltar ao modo de hóspede
staff-exit = Sair do quiosque
staff-exit-title = Sair do quiosque?
staff-exit-body = Os hóspedes não podem usar este quiosque até voltar a ser iniciado. A saída fica registada em seu nome.
staff-working = A processar…
staff-pin-title = Acesso de funcionário
staff-pin-body = Introduza o seu PIN de funcionário.
staff-pin-wrong = PIN incorreto.
staff-pin-cooldown = Demasiados PIN incorretos. Tente novamente dentro de { $time }.
staff-pin-locked = O teclado de PIN está bloqueado após demasiados PIN incorretos. Tente mais tarde ou peça à equipa de TI para o desbloquear.
staff-pin-too-short = Este PIN é demasiado curto e já não pode ser usado. Peça à equipa de TI um PIN novo.
staff-section-locked = Reservas bloqueadas
staff-section-find = Procurar hóspede
staff-section-health = Estado do sistema
staff-section-events = Eventos recentes
staff-none-locked = Nenhuma reserva está bloqueada.
staff-locked-for = bloqueada durante mais { $time }
staff-scope-name = Só pesquisa por nome — o número da reserva continua a funcionar
staff-unlock = Desbloquear
staff-unlocked = Desbloqueada. O hóspede já pode pedir um novo código.
staff-not-locked = Essa reserva já não estava bloqueada.
staff-reason-title = Porquê?
staff-reason-identity = Identidade do hóspede confirmada na receção
staff-reason-mistyped = O hóspede enganou-se no código
staff-reason-not-guest = Outra pessoa causou o bloqueio
staff-reason-no-phone = O telemóvel do hóspede não está disponível
staff-reason-no-sms = O código não chegou
staff-reason-wrong-number = O número registado está errado
staff-reason-new-number = O hóspede tem um número novo
staff-reason-carrier = Grupo de hóspedes verificado com a operadora
staff-reason-guest-in-range = Um hóspede na receção tem um número nesta gama
staff-reason-false-alarm = Falso alarme
staff-find-hint = Número da reserva ou apelido
staff-find-submit = Procurar
staff-no-results = Nenhuma reserva corresponde.
staff-search-again = Nova pesquisa
staff-is-locked = bloqueada
staff-status-pending = Pendente
staff-status-confirmed = Confirmada
staff-status-checked-in = Check-in feito
staff-status-cancelled = Cancelada
staff-status-checked-out = Check-out feito
staff-status-no-show = Não compareceu
staff-confirmation = Número da reserva
staff-status = Estado
staff-dates = Estadia
staff-room = Quarto
staff-phone = Telefone registado
staff-no-phone = sem número de telemóvel
staff-verify-id = Verificar documento com fotografia
staff-which-document = Que documento com fotografia mostrou o hóspede?
staff-doc-passport = Passaporte
staff-doc-national-id = Cartão de identidade
staff-doc-driving-licence = Carta de condução
staff-doc-residence-permit = Título de residência
staff-doc-other = Outro documento com fotografia
staff-id-recorded = Verificação do documento registada.
staff-check-in = Fazer check-in agora
staff-checked-in = Check-in feito. Quarto { $room }.
staff-checked-in-pending = Check-in feito; o quarto ainda não está pronto.
staff-change-phone = Alterar número de telefone
staff-new-phone = Novo número de telemóvel
staff-phone-hint = Comece por + para um número estrangeiro.
staff-phone-changed = Telefone registado alterado para { $phone }.
staff-sync = Sincronizar com o PMS
staff-sync-off = A sincronização está desligada neste quiosque.
staff-backlog = Eventos em espera
staff-oldest = Maior tempo de espera
staff-last-success = Último sucesso
staff-last-error = Último erro
staff-quarantined = Em quarentena
staff-cache-age = Idade da lista de chegadas
staff-gateways = Gateways de SMS
staff-breaker-closed = a funcionar
staff-breaker-open = em pausa após falhas
staff-breaker-half-open = a tentar novamente
staff-ok = OK
staff-failed = falha
staff-never = nunca
staff-ago = há { $time }
staff-refresh = Atualizar
staff-test-sms = Enviar SMS de teste
staff-test-to = Enviar um SMS de teste para
staff-test-sent = SMS de teste aceite por { $gateway }.
staff-pumping = Gamas de números em pausa por SMS pumping
staff-pumping-none = Nenhuma gama de números está em pausa.
staff-paused-for = em pausa durante mais { $time }
staff-pause-level = { $n ->
    [one] primeira pausa
   *[other] { $n } pausas seguidas
}
staff-lift-pause = Levantar pausa
staff-pause-lifted = Pausa levantada. Os hóspedes com estes números podem voltar a receber códigos.
staff-not-paused = Essa gama já não estava em pausa.
staff-no-events = Ainda não há eventos.
staff-prev = Anterior
staff-next = Seguinte

## My stay: update email
success-update-email = Atualizar o meu e-mail
email-title = O seu novo endereço de e-mail
email-hint = As letras são escritas em minúsculas. Encontra @ e . em 123.
email-save = Guardar
email-saving = A guardar…
email-invalid = Isto não parece um endereço de e-mail. Verifique-o.
email-saved-title = Obrigado
email-saved-body = O seu endereço de e-mail foi atualizado.

## Greetings without the guest's name: the booking has none, or the fonts cannot draw it
confirm-title-unnamed = Olá
success-title-unnamed = Boas-vindas!
success-confirmed-title-unnamed = Obrigado
success-pending-title-unnamed = O seu quarto está quase pronto
success-stay-title-unnamed = A sua reserva
