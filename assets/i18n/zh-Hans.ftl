# lobby-kiosk guest screens — 简体中文 (Simplified Chinese).
# MACHINE-MADE TRANSLATION: to be reviewed by a native speaker before use in a real lobby.
# Message ids must match en.ftl exactly (a test checks it).

language-name = 简体中文

## Shared
assistance = 寻求帮助
back = 返回
cancel = 取消
done = 完成
start-over = 重新开始
step = 第 { $current } 步，共 { $total } 步
see-desk = 请前往前台，我们的员工很乐意为您服务。

## Welcome
welcome-title = 欢迎光临{ $property }
welcome-subtitle = 在这里大约一分钟即可办理入住。
welcome-check-in = 办理入住
welcome-check-in-hint = 今天抵达的客人
welcome-confirm = 确认我的预订
welcome-confirm-hint = 已预订但尚未确认
welcome-my-stay = 我的住宿
welcome-my-stay-hint = 再次查看房间信息
welcome-language = 语言

## Find reservation
find-title = 查找您的预订
find-by-confirmation = 预订号
find-by-name = 我的姓名
field-confirmation = 预订号
field-last-name = 姓（拼音）
field-first-name = 名（拼音）
find-submit = 查找预订
find-scanner-hint = 也可以扫描确认邮件中的条形码。
find-searching = 正在查找…
find-not-found = 未找到该预订。请检查信息后重试。
find-not-found-name = 未能找到与该姓名唯一对应的预订。请改用预订号查找。
find-surname-needed = 请输入您的姓（拼音）以继续。
find-not-today = 此预订从{ $date }开始，届时即可在此办理入住。
find-not-today-confirm = 此预订从{ $date }开始，届时即可办理入住。您现在就可以确认预订。
find-already-checked-in = 您已办理入住。在“我的住宿”中可以查看房间信息。
find-already-confirmed = 此预订已确认。期待在{ $date }与您见面，届时即可在此办理入住。
find-arrives-today = 您今天入住：请直接办理入住，这同时会确认您的预订。
find-stay-ends = 您的住宿今天结束，无法再在此办理入住。请前往前台。
find-paused = 请等待{ $seconds }秒后再查找。
find-missing = 请填写两栏信息。
key-accents = àéß
key-letters = ABC
key-digits = 123
key-space = 空格
key-delete = 删除
key-ok = 确定

## Confirm phone
confirm-title = 您好，{ $name }
confirm-body = 我们将向您预订中的手机号码发送验证码：
confirm-send = 发送验证码
confirm-not-yours = 不是您的号码？请前往前台。

## Sending
sending-title = 正在发送验证码…
sending-body = 通常只需几秒钟。
sending-failed-title = 验证码发送失败
sending-failed-body = 短信服务暂时没有响应。
sending-recent-title = 刚刚已发送验证码
sending-recent-body = 请查看您的手机。等待结束后可以重新获取验证码。
sending-retry-in = { $seconds }秒后可以重试。
try-again = 重试

## Enter code
code-title = 输入验证码
code-body = 我们已向{ $phone }发送了{ $length }位验证码。
code-expires = 验证码将在{ $time }后失效
code-expired = 验证码已过期，请重新获取。
code-resend = 重新发送验证码
code-resend-in = { $seconds }秒后可重新发送
code-no-resend = 无法再发送验证码。请前往前台。
code-wrong = 验证码不正确。还剩{ $attempts }次机会。
code-checking = 正在验证…
code-resent = 新的验证码已发送。

## Second factor
factor-title = 还需要再确认一项
factor-date_of_birth = 请以8位数字输入出生日期（按{ $order ->
    [mdy] 月、日、年
    [ymd] 年、月、日
   *[dmy] 日、月、年
}的顺序）
factor-example = 例如：{ $date } → { $digits }
factor-postcode = 您家庭住址的邮政编码
factor-card_last4 = 预订所用银行卡的后4位
factor-wrong = 信息不匹配，请重试。

## Success
success-title = 欢迎您，{ $name }！
success-room = { $room }号房
success-until = 您的住宿将于{ $date }结束。
success-confirmed-title = 谢谢您，{ $name }
success-confirmed-body = 您的预订已确认。期待在{ $date }与您见面。
success-pending-title = { $name }，马上就好
success-pending-body = 您已办理入住，但房间仍在准备中。请前往前台，房间准备好后我们会立即把房卡交给您。
success-qr-hint = 请用手机相机扫描。
success-clears = 此页面将在{ $seconds }秒后自动清除。
success-stay-title = { $name }，您的预订
success-stay-dates = 入住 { $arrival } · 退房 { $departure }
success-next-check-in-from = 房间将在您到达时准备好——自{ $date }起可在此办理入住。
success-next-check-in-today = 您尚未办理入住。请在此办理入住以获取房间号和房卡，或前往前台。

## Front desk
desk-title = 请前往前台
desk-body = 此操作无法在自助机上完成。前台员工很乐意为您服务。
desk-no-phone = 您的预订中没有手机号码，因此无法发送验证码。

## Assistance
assist-title = 我们随时为您提供帮助
assist-notified = 我们已通知前台。
assist-where = 我们的员工就在大堂前台。
assist-close = 关闭

## Idle
idle-title = 您还在吗？
idle-body = 为保护您的隐私，此页面将在{ $seconds }秒后重置。
idle-continue = 我还在

## Maintenance
maintenance-title = 本自助机暂停服务
maintenance-guest = 请到前台办理入住。抱歉给您带来不便。
maintenance-it = IT 人员信息

## Welcome: text size
welcome-larger-text = 大字体
welcome-standard-text = 标准字体

## Staff mode (shown in the kiosk's default language)
staff-title = 员工模式
staff-title-named = 员工模式 · { $name }
staff-guest-mode = 返回客人模式
staff-exit = 退出自助机
staff-exit-title = 退出自助机？
staff-exit-body = 重新启动之前，客人将无法使用此自助机。退出操作将以您的名义记录。
staff-working = 处理中…
staff-pin-title = 员工登录
staff-pin-body = 请输入您的员工 PIN 码。
staff-pin-wrong = PIN 码不正确。
staff-pin-cooldown = PIN 码错误次数过多。请在{ $time }后重试。
staff-pin-locked = PIN 码错误次数过多，PIN 键盘已锁定。请稍后再试，或请 IT 人员解锁。
staff-pin-too-short = 此 PIN 码太短，已不能再使用。请向 IT 人员申请新的 PIN 码。
staff-section-locked = 已锁定的预订
staff-section-find = 查找客人
staff-section-health = 系统状态
staff-section-events = 最近事件
staff-none-locked = 没有被锁定的预订。
staff-locked-for = 还将锁定{ $time }
staff-scope-name = 仅限姓名搜索（预订号仍可使用）
staff-unlock = 解锁
staff-unlocked = 已解锁。客人现在可以重新获取验证码。
staff-not-locked = 该预订已不再处于锁定状态。
staff-reason-title = 原因？
staff-reason-identity = 已在前台核实客人身份
staff-reason-mistyped = 客人输错了验证码
staff-reason-not-guest = 他人导致了锁定
staff-reason-no-phone = 客人的手机无法使用
staff-reason-no-sms = 未收到验证码
staff-reason-wrong-number = 登记的号码有误
staff-reason-new-number = 客人换了新号码
staff-reason-carrier = 已与运营商核实客人团体
staff-reason-guest-in-range = 前台有客人的号码在此号段内
staff-reason-false-alarm = 误报
staff-find-hint = 预订号或姓氏
staff-find-submit = 查找
staff-no-results = 没有匹配的预订。
staff-search-again = 重新查找
staff-is-locked = 已锁定
staff-status-pending = 待确认
staff-status-confirmed = 已确认
staff-status-checked-in = 已入住
staff-status-cancelled = 已取消
staff-status-checked-out = 已退房
staff-status-no-show = 未到店
staff-confirmation = 预订号
staff-status = 状态
staff-dates = 住宿日期
staff-room = 房间
staff-phone = 登记的电话
staff-no-phone = 无手机号码
staff-verify-id = 核验带照片的证件
staff-which-document = 客人出示的是哪种带照片的证件？
staff-doc-passport = 护照
staff-doc-national-id = 国民身份证
staff-doc-driving-licence = 驾驶证
staff-doc-residence-permit = 居留许可
staff-doc-other = 其他带照片的证件
staff-id-recorded = 证件核验已记录。
staff-check-in = 立即办理入住
staff-checked-in = 已办理入住。{ $room }号房。
staff-checked-in-pending = 已办理入住；房间尚未准备好。
staff-change-phone = 更改电话号码
staff-new-phone = 新手机号码
staff-phone-hint = 境外号码请以 + 开头。
staff-phone-changed = 登记的电话已改为{ $phone }。
staff-sync = 与 PMS 同步
staff-sync-off = 此自助机已关闭同步。
staff-backlog = 等待中的事件
staff-oldest = 最长等待时间
staff-last-success = 上次成功
staff-last-error = 上次错误
staff-quarantined = 已隔离
staff-cache-age = 抵店名单缓存时长
staff-gateways = 短信网关
staff-breaker-closed = 正常
staff-breaker-open = 因故障暂停
staff-breaker-half-open = 正在重试
staff-ok = 成功
staff-failed = 失败
staff-never = 从未
staff-ago = { $time }前
staff-refresh = 刷新
staff-test-sms = 发送测试短信
staff-test-to = 测试短信发送至
staff-test-sent = { $gateway } 已接受测试短信。
staff-pumping = 因疑似短信流量欺诈而暂停的号段
staff-pumping-none = 没有暂停的号段。
staff-paused-for = 还将暂停{ $time }
staff-pause-level = 连续第{ $n }次
staff-lift-pause = 解除暂停
staff-pause-lifted = 已解除暂停。这些号码的客人可以再次获取验证码。
staff-not-paused = 该号段已不再处于暂停状态。
staff-no-events = 暂无事件。
staff-prev = 上一页
staff-next = 下一页

## My stay: update email
success-update-email = 更新我的邮箱
email-title = 您的新邮箱地址
email-hint = 字母均以小写输入。@ 和 . 在 123 页中。
email-save = 保存
email-saving = 正在保存…
email-invalid = 这似乎不是有效的邮箱地址，请检查。
email-saved-title = 谢谢
email-saved-body = 您的邮箱地址已更新。

## Greetings without the guest's name: the booking has none, or the fonts cannot draw it
confirm-title-unnamed = 您好
success-title-unnamed = 欢迎您！
success-confirmed-title-unnamed = 谢谢您
success-pending-title-unnamed = 您的房间马上就好
success-stay-title-unnamed = 您的预订
