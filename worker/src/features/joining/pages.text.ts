/** The words of the join page and its result pages (features/joining/pages.tsx, views.tsx). */
import { defineText } from '../../i18n/text';

export const joiningPagesText = defineText('joining/pages', {
  en: {
    title: 'Join {org}',
    invited: '{inviter} invited you to join {org}.',
    validUntil: 'This invitation link is valid until {date}.',
    noExpiry: 'This invitation link does not expire.',
    reviewed: 'An administrator reviews your request; you will get an e-mail once it is accepted.',
    immediate: 'You will get an e-mail with your sign-in details right away.',
    formLabel: 'Apply to join {org}',
    name: 'Your name',
    email: 'E-mail address',
    apply: 'Apply to join',
    join: 'Join',
    pendingTitle: 'Application sent',
    pending:
      'Thank you. Your request to join {org} was sent. An administrator will review it, and you will get an e-mail once it is accepted.',
    approvedTitle: 'Check your e-mail',
    approved:
      'Thank you. Check your e-mail: we sent you a message with your sign-in details for {org}.',
    signInLater: 'Once you have chosen your password, sign in here:',
    alreadyTitle: 'Already asked',
    already:
      '{org} already has a recent request from this e-mail address. Whatever comes next — a decision, or a note if the address already belongs — goes to that mailbox.',
    thisOrg: 'this organization',
    notFoundTitle: 'Invitation link not valid',
    notFound:
      'This invitation link is not valid. Check that you copied the whole address, or ask the person who invited you for a new link.',
    expiredTitle: 'Invitation link expired',
    expired:
      'This invitation link to {org} has expired. Ask the person who invited you for a new one.',
    revokedTitle: 'Invitation link turned off',
    revoked:
      'This invitation link to {org} has been turned off. Ask the person who invited you for a new one.',
    exhaustedTitle: 'Invitation link used up',
    exhausted:
      'This invitation link to {org} has been used as many times as allowed. Ask the person who invited you for a new one.',
  },
  'zh-CN': {
    title: '加入 {org}',
    invited: '{inviter} 邀请您加入 {org}。',
    validUntil: '此邀请链接的有效期至 {date}。',
    noExpiry: '此邀请链接长期有效。',
    reviewed: '管理员会审核您的申请；申请通过后，您会收到一封电子邮件。',
    immediate: '您会立即收到一封包含登录信息的电子邮件。',
    formLabel: '申请加入 {org}',
    name: '您的姓名',
    email: '电子邮件地址',
    apply: '申请加入',
    join: '加入',
    pendingTitle: '申请已提交',
    pending: '谢谢。您加入 {org} 的申请已提交。管理员会进行审核，申请通过后您会收到一封电子邮件。',
    approvedTitle: '请查收电子邮件',
    approved: '谢谢。请查收电子邮件：我们已向您发送了 {org} 的登录信息。',
    signInLater: '设置好密码后，请在此登录：',
    alreadyTitle: '已提交过申请',
    already:
      '{org} 最近已收到来自此电子邮件地址的申请。后续的一切通知——审核结果，或该地址已是成员的提示——都会发送到该邮箱。',
    thisOrg: '该组织',
    notFoundTitle: '邀请链接无效',
    notFound: '此邀请链接无效。请确认您复制了完整的地址，或请邀请您的人发送一个新链接。',
    expiredTitle: '邀请链接已过期',
    expired: '这个加入 {org} 的邀请链接已过期。请邀请您的人重新发送一个。',
    revokedTitle: '邀请链接已停用',
    revoked: '这个加入 {org} 的邀请链接已被停用。请邀请您的人重新发送一个。',
    exhaustedTitle: '邀请链接已用完',
    exhausted: '这个加入 {org} 的邀请链接已达到允许的使用次数。请邀请您的人重新发送一个。',
  },
  ru: {
    title: 'Вступить в {org}',
    invited: '{inviter} приглашает вас в {org}.',
    validUntil: 'Эта ссылка-приглашение действует до {date}.',
    noExpiry: 'У этой ссылки-приглашения нет срока действия.',
    reviewed: 'Администратор рассмотрит вашу заявку; когда её примут, вы получите письмо.',
    immediate: 'Письмо с данными для входа придёт сразу.',
    formLabel: 'Заявка на вступление в {org}',
    name: 'Ваше имя',
    email: 'Адрес электронной почты',
    apply: 'Подать заявку',
    join: 'Вступить',
    pendingTitle: 'Заявка отправлена',
    pending:
      'Спасибо. Ваша заявка на вступление в {org} отправлена. Администратор её рассмотрит, и когда её примут, вы получите письмо.',
    approvedTitle: 'Проверьте почту',
    approved: 'Спасибо. Проверьте почту: мы отправили вам письмо с данными для входа в {org}.',
    signInLater: 'Когда выберете пароль, войдите здесь:',
    alreadyTitle: 'Заявка уже есть',
    already:
      'В {org} уже есть недавняя заявка с этого адреса. Всё, что будет дальше, — решение или уведомление, если адрес уже состоит в организации, — придёт на этот адрес.',
    thisOrg: 'эту организацию',
    notFoundTitle: 'Ссылка-приглашение недействительна',
    notFound:
      'Эта ссылка-приглашение недействительна. Проверьте, что скопировали адрес целиком, или попросите пригласившего прислать новую ссылку.',
    expiredTitle: 'Срок действия ссылки истёк',
    expired:
      'Срок действия этой ссылки-приглашения в {org} истёк. Попросите пригласившего прислать новую.',
    revokedTitle: 'Ссылка-приглашение отключена',
    revoked: 'Эта ссылка-приглашение в {org} отключена. Попросите пригласившего прислать новую.',
    exhaustedTitle: 'Ссылка-приглашение исчерпана',
    exhausted:
      'Этой ссылкой-приглашением в {org} уже воспользовались столько раз, сколько было разрешено. Попросите пригласившего прислать новую.',
  },
  ja: {
    title: '{org} に参加',
    invited: '{inviter} さんから {org} への招待が届いています。',
    validUntil: 'この招待リンクの有効期限は {date} です。',
    noExpiry: 'この招待リンクに有効期限はありません。',
    reviewed: '管理者が申請を確認します。承認されるとメールが届きます。',
    immediate: 'サインイン情報を記載したメールがすぐに届きます。',
    formLabel: '{org} への参加を申請',
    name: 'お名前',
    email: 'メールアドレス',
    apply: '参加を申請',
    join: '参加する',
    pendingTitle: '申請を送信しました',
    pending:
      'ありがとうございます。{org} への参加申請を送信しました。管理者が確認し、承認されるとメールでお知らせします。',
    approvedTitle: 'メールをご確認ください',
    approved:
      'ありがとうございます。メールをご確認ください。{org} のサインイン情報をお送りしました。',
    signInLater: 'パスワードを設定したら、こちらからサインインしてください：',
    alreadyTitle: '申請済みです',
    already:
      '{org} には、このメールアドレスからの最近の申請がすでにあります。今後のお知らせ（審査結果、またはこのアドレスがすでに参加済みである旨）は、そのメールボックスに届きます。',
    thisOrg: 'この組織',
    notFoundTitle: '招待リンクが無効です',
    notFound:
      'この招待リンクは無効です。アドレス全体をコピーしたか確認するか、招待してくれた人に新しいリンクを依頼してください。',
    expiredTitle: '招待リンクの有効期限切れ',
    expired:
      '{org} へのこの招待リンクは有効期限が切れています。招待してくれた人に新しいリンクを依頼してください。',
    revokedTitle: '招待リンクは無効化されました',
    revoked:
      '{org} へのこの招待リンクは無効化されています。招待してくれた人に新しいリンクを依頼してください。',
    exhaustedTitle: '招待リンクの使用回数の上限',
    exhausted:
      '{org} へのこの招待リンクは、許可された回数まで使用されました。招待してくれた人に新しいリンクを依頼してください。',
  },
});
