# lobby-kiosk guest screens — 日本語 (Japanese).
# MACHINE-MADE TRANSLATION: to be reviewed by a native speaker before use in a real lobby.
# Message ids must match en.ftl exactly (a test checks it).

language-name = 日本語

## Shared
assistance = お問い合わせ
back = 戻る
cancel = キャンセル
done = 完了
start-over = 最初から
step = ステップ { $current }／{ $total }
see-desk = フロントへお越しください。スタッフがご案内いたします。

## Welcome
welcome-title = { $property }へようこそ
welcome-subtitle = こちらで約1分でチェックインできます。
welcome-check-in = チェックイン
welcome-check-in-hint = 本日ご到着のお客様
welcome-confirm = 予約を確定する
welcome-confirm-hint = ご予約が未確定のお客様
welcome-my-stay = ご滞在情報
welcome-my-stay-hint = お部屋の情報をもう一度表示
welcome-language = 言語

## Find reservation
find-title = ご予約の検索
find-by-confirmation = 予約番号
find-by-name = お名前
field-confirmation = 予約番号
field-last-name = 姓（ローマ字）
field-first-name = 名（ローマ字）
find-submit = 予約を検索
find-scanner-hint = 予約確認メールのバーコードをスキャンすることもできます。
find-searching = 検索中…
find-not-found = ご予約が見つかりませんでした。入力内容をご確認のうえ、もう一度お試しください。
find-ambiguous = 同じお名前のご予約が複数あります。予約番号で検索してください。
find-not-today = このご予約は{ $date }からです。当日にチェックインいただけます。
find-paused = { $seconds }秒後にもう一度検索してください。
find-missing = 両方の欄を入力してください。
key-accents = àéß
key-letters = ABC
key-digits = 123
key-space = スペース
key-delete = 削除
key-ok = OK

## Confirm phone
confirm-title = { $name }様、こんにちは
confirm-body = ご予約の携帯電話番号に確認コードを送信します：
confirm-send = コードを送信
confirm-not-yours = この番号ではない場合は、フロントへお越しください。

## Sending
sending-title = コードを送信しています…
sending-body = 通常、数秒で届きます。
sending-failed-title = コードを送信できませんでした
sending-failed-body = 現在、SMSサービスが応答していません。
try-again = もう一度試す

## Enter code
code-title = 確認コードを入力
code-body = { $phone }に{ $length }桁のコードを送信しました。
code-expires = コードの有効時間：{ $time }
code-expired = コードの有効期限が切れました。新しいコードを送信してください。
code-resend = 新しいコードを送信
code-resend-in = 新しいコードまで{ $seconds }秒
code-no-resend = これ以上コードを送信できません。フロントへお越しください。
code-wrong = コードが正しくありません。残り{ $attempts }回です。
code-checking = 確認中…
code-resent = 新しいコードを送信しました。

## Second factor
factor-title = もう一つ確認させてください
factor-date_of_birth = 生年月日（日日月月年年年年）
factor-postcode = ご自宅の郵便番号
factor-card_last4 = ご予約時のカード番号の下4桁
factor-wrong = 一致しません。もう一度お試しください。

## Success
success-title = { $name }様、ようこそ！
success-room = { $room }号室
success-until = ご滞在は{ $date }までです。
success-confirmed-title = { $name }様、ありがとうございます
success-confirmed-body = ご予約が確定しました。{ $date }のお越しをお待ちしております。
success-pending-title = { $name }様、もう少々お待ちください
success-pending-body = チェックインは完了しましたが、お部屋はただいま準備中です。フロントへお越しください。準備ができ次第、キーをお渡しします。
success-qr-hint = スマートフォンのカメラで読み取ってください。
success-clears = この画面は{ $seconds }秒後に消去されます。

## Front desk
desk-title = フロントへお越しください
desk-body = こちらの端末では手続きを完了できません。フロントのスタッフがご案内いたします。
desk-no-phone = ご予約に携帯電話番号が登録されていないため、コードを送信できません。

## Assistance
assist-title = お手伝いいたします
assist-notified = フロントにお知らせしました。
assist-where = スタッフはロビーのフロントにおります。
assist-close = 閉じる

## Idle
idle-title = まだご利用中ですか？
idle-body = プライバシー保護のため、{ $seconds }秒後に画面をリセットします。
idle-continue = 利用を続ける

## Maintenance
maintenance-title = この端末は現在ご利用いただけません
maintenance-guest = フロントでチェックインしてください。ご不便をおかけして申し訳ありません。
maintenance-it = IT担当者向け
