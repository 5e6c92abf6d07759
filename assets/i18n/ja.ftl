# lobby-kiosk guest screens — 日本語 (Japanese).
# MACHINE-MADE TRANSLATION: to be reviewed by a native speaker before use in a real lobby.
# Message ids must match en.ftl exactly (a test checks it).

language-name = 日本語

## Shared
assistance = スタッフを呼ぶ
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
find-not-found-name = このお名前ではご予約を1件に特定できませんでした。予約番号で検索してください。
find-surname-needed = 続けるには姓（ローマ字）を入力してください。
find-not-today = このご予約は{ $date }からです。当日からこちらでチェックインいただけます。
find-not-today-confirm = このご予約は{ $date }からです。チェックインは当日からですが、ご予約の確定は今すぐできます。
find-already-checked-in = すでにチェックイン済みです。「ご滞在情報」でお部屋をご確認いただけます。
find-already-confirmed = このご予約はすでに確定しています。{ $date }のお越しをお待ちしております。当日からこちらでチェックインいただけます。
find-arrives-today = ご到着は本日です。このままチェックインしてください。チェックインでご予約も確定します。
find-stay-ends = ご滞在は本日までのため、こちらではチェックインできません。フロントへお越しください。
find-paused = { $seconds }秒後にもう一度検索してください。
find-missing = 両方の欄を入力してください。
key-accents = àéß
key-letters = ABC
key-digits = 123
key-space = スペース
key-delete = 削除
key-ok = OK

## Confirm phone
confirm-title = { $surname }様、いらっしゃいませ
confirm-body = ご予約の携帯電話番号に認証コードを送信します：
confirm-send = 認証コードを送信
confirm-not-yours = この番号ではない場合は、フロントへお越しください。

## Sending
sending-title = 認証コードを送信しています…
sending-body = 通常、数秒で届きます。
sending-failed-title = 認証コードを送信できませんでした
sending-failed-body = 現在、SMSサービスが応答していません。
sending-recent-title = 先ほど認証コードを送信しました
sending-recent-body = お使いの電話をご確認ください。待ち時間が終わると、新しい認証コードを請求できます。
sending-retry-in = { $seconds }秒後にもう一度お試しいただけます。
try-again = もう一度試す

## Enter code
code-title = 認証コードを入力
code-body = { $phone }に{ $length }桁の認証コードを送信しました。
code-expires = 有効期限まで残り{ $time }
code-expired = 認証コードの有効期限が切れました。新しい認証コードをお申し込みください。
code-resend = 新しい認証コードを送信
code-resend-in = { $seconds }秒後に新しい認証コードを送信できます
code-no-resend = これ以上認証コードを送信できません。フロントへお越しください。
code-wrong = 認証コードが正しくありません。残り{ $attempts }回です。
code-checking = 確認中…
code-resent = 新しい認証コードを送信しました。

## Second factor
factor-title = もう一つ確認させてください
factor-date_of_birth = 生年月日を8桁の数字で入力してください（{ $order ->
    [mdy] 月・日・年
    [ymd] 年・月・日
   *[dmy] 日・月・年
}の順）
factor-example = 例：{ $date } → { $digits }
factor-postcode = ご自宅の郵便番号
factor-card_last4 = ご予約時のカード番号の下4桁
factor-wrong = 一致しません。もう一度お試しください。

## Success
success-title = { $surname }様、ようこそ
success-room = { $room }号室
success-until = ご滞在は{ $date }までです。
success-confirmed-title = { $surname }様、ありがとうございます
success-confirmed-body = ご予約が確定しました。{ $date }のお越しをお待ちしております。
success-pending-title = { $surname }様、もう少々お待ちください
success-pending-body = チェックインは完了しましたが、お部屋はただいま準備中です。フロントへお越しください。準備ができ次第、キーをお渡しします。
success-qr-hint = スマートフォンのカメラで読み取ってください。
success-clears = この画面は{ $seconds }秒後に消去されます。
success-stay-title = { $surname }様のご予約
success-stay-dates = ご到着 { $arrival } ・ チェックアウト { $departure }
success-next-check-in-from = お部屋はご到着時にご用意します。{ $date }からこちらでチェックインできます。
success-next-check-in-today = まだチェックインされていません。こちらでチェックインするとお部屋番号とキーをお受け取りいただけます。またはフロントへお越しください。

## Front desk
desk-title = フロントへお越しください
desk-body = こちらの端末では手続きを完了できません。フロントのスタッフがご案内いたします。
desk-no-phone = ご予約に携帯電話番号が登録されていないため、認証コードを送信できません。

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

## Welcome: text size
welcome-larger-text = 文字を大きく
welcome-standard-text = 標準の文字サイズ

## Staff mode (shown in the kiosk's default language)
staff-title = スタッフモード
staff-title-named = スタッフモード · { $name }
staff-guest-mode = お客様モードに戻る
staff-exit = 端末を終了
staff-exit-title = 端末を終了しますか？
staff-exit-body = 再起動するまで、お客様はこの端末を利用できません。終了操作はあなたの名前で記録されます。
staff-working = 処理中…
staff-pin-title = スタッフログイン
staff-pin-body = スタッフPINを入力してください。
staff-pin-wrong = PINが正しくありません。
staff-pin-cooldown = PINの誤入力が多すぎます。{ $time }後にもう一度お試しください。
staff-pin-locked = PINの誤入力が多すぎたため、PIN入力はロックされています。後でもう一度お試しいただくか、IT担当者に解除を依頼してください。
staff-pin-too-short = このPINは短すぎるため、使用できなくなりました。IT担当者に新しいPINを依頼してください。
staff-section-locked = ロック中の予約
staff-section-find = お客様を検索
staff-section-health = システムの状態
staff-section-events = 最近のイベント
staff-none-locked = ロック中の予約はありません。
staff-locked-for = ロック中（残り{ $time }）
staff-scope-name = 名前検索のみ（予約番号は引き続き使えます）
staff-unlock = ロック解除
staff-unlocked = ロックを解除しました。お客様は新しい認証コードをお申し込みいただけます。
staff-not-locked = この予約のロックはすでに解除されていました。
staff-reason-title = 理由
staff-reason-identity = フロントでお客様の本人確認済み
staff-reason-mistyped = お客様の認証コード入力ミス
staff-reason-not-guest = 別の人の操作によるロック
staff-reason-no-phone = お客様の携帯電話が使えない
staff-reason-no-sms = 認証コードが届かなかった
staff-reason-wrong-number = 登録番号が間違っている
staff-reason-new-number = お客様の番号が変わった
staff-reason-carrier = 通信事業者にお客様のグループを確認した
staff-reason-guest-in-range = この番号帯のお客様がフロントにいる
staff-reason-false-alarm = 誤検知
staff-find-hint = 予約番号または姓
staff-find-submit = 検索
staff-no-results = 該当する予約はありません。
staff-search-again = 再検索
staff-is-locked = ロック中
staff-status-pending = 未確定
staff-status-confirmed = 確定済み
staff-status-checked-in = チェックイン済み
staff-status-cancelled = キャンセル済み
staff-status-checked-out = チェックアウト済み
staff-status-no-show = ノーショー
staff-confirmation = 予約番号
staff-status = ステータス
staff-dates = 滞在期間
staff-room = 客室
staff-phone = 登録電話番号
staff-no-phone = 携帯電話番号なし
staff-verify-id = 写真付き身分証を確認
staff-which-document = お客様が提示した写真付き身分証は？
staff-doc-passport = パスポート
staff-doc-national-id = 国民IDカード
staff-doc-driving-licence = 運転免許証
staff-doc-residence-permit = 居住許可証
staff-doc-other = その他の写真付き身分証
staff-id-recorded = 身分証の確認を記録しました。
staff-check-in = 今すぐチェックイン
staff-checked-in = チェックイン完了。{ $room }号室です。
staff-checked-in-pending = チェックイン完了。お部屋はまだ準備中です。
staff-change-phone = 電話番号を変更
staff-new-phone = 新しい携帯電話番号
staff-phone-hint = 海外の番号は + から入力してください。
staff-phone-changed = 登録電話番号を{ $phone }に変更しました。
staff-sync = PMSと同期
staff-sync-off = この端末では同期がオフです。
staff-backlog = 待機中のイベント
staff-oldest = 最長待ち時間
staff-last-success = 最終成功
staff-last-error = 最終エラー
staff-quarantined = 隔離済み
staff-cache-age = 到着リストの経過時間
staff-gateways = SMSゲートウェイ
staff-breaker-closed = 正常
staff-breaker-open = 障害のため一時停止中
staff-breaker-half-open = 再試行中
staff-ok = 成功
staff-failed = 失敗
staff-never = なし
staff-ago = { $time }前
staff-refresh = 更新
staff-test-sms = テストSMSを送信
staff-test-to = テストSMSの送信先
staff-test-sent = { $gateway }がテストSMSを受け付けました。
staff-pumping = SMSポンピングの疑いで停止中の番号帯
staff-pumping-none = 停止中の番号帯はありません。
staff-paused-for = 停止中（残り{ $time }）
staff-pause-level = 連続{ $n }回目
staff-lift-pause = 停止を解除
staff-pause-lifted = 停止を解除しました。これらの番号のお客様は再び認証コードを受け取れます。
staff-not-paused = この番号帯の停止はすでに解除されていました。
staff-no-events = イベントはまだありません。
staff-prev = 前へ
staff-next = 次へ

## My stay: update email
success-update-email = メールアドレスを変更
email-title = 新しいメールアドレス
email-hint = 文字は小文字で入力されます。@ と . は 123 にあります。
email-save = 保存
email-saving = 保存中…
email-invalid = メールアドレスの形式ではないようです。ご確認ください。
email-saved-title = ありがとうございます
email-saved-body = メールアドレスを更新しました。

## Greetings without the guest's name: the booking has none, or the fonts cannot draw it
confirm-title-unnamed = いらっしゃいませ
success-title-unnamed = ようこそ！
success-confirmed-title-unnamed = ありがとうございます
success-pending-title-unnamed = お部屋の準備がまもなく整います
success-stay-title-unnamed = ご予約内容
