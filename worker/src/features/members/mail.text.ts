/** The words of the bulk "send invitation" message, by e-mail and SMS (mail.ts). */
import { defineText } from '../../i18n/text';

export const memberMailText = defineText('members/mail', {
  en: {
    subject: 'Your invitation to “{org}”',
    heading: 'Welcome to “{org}”',
    loginAccount: 'Login account',
    role: 'Role',
    initialPassword: 'Initial password',
    validUntil: 'Valid until',
    passwordIntro:
      'You have been invited to {org}. Sign in with the account and initial password below.',
    passwordNote:
      'You will choose a new password when you first sign in. The initial password stops working when it expires or when a new invitation is sent.',
    linkIntro: 'You have been invited to {org}.',
    linkNote:
      'The link works once and until {until}. If you did not expect this message, ignore it.',
    setPassword: 'Set your password',
    confirmJoining: 'Confirm joining',
    smsPassword:
      '{org}: sign in as {account} with password {password} (valid until {until}; you will choose a new one). {loginLabel}: {loginUrl}',
    smsLink:
      '{org} invites you. {action} (until {until}): {url} then sign in as {account}. {loginLabel}: {loginUrl}',
  },
  'zh-CN': {
    subject: '您收到加入“{org}”的邀请',
    heading: '欢迎加入“{org}”',
    loginAccount: '登录账号',
    role: '角色',
    initialPassword: '初始密码',
    validUntil: '有效期至',
    passwordIntro: '您已受邀加入 {org}。请使用下方的账号和初始密码登录。',
    passwordNote: '首次登录时您需要设置新密码。初始密码过期或发出新邀请后即失效。',
    linkIntro: '您已受邀加入 {org}。',
    linkNote: '此链接只能使用一次，有效期至{until}。如果您没有预料到此邮件，请忽略。',
    setPassword: '设置密码',
    confirmJoining: '确认加入',
    smsPassword:
      '{org}：请以 {account} 和密码 {password} 登录（{until}前有效，登录后需设置新密码）。{loginLabel}：{loginUrl}',
    smsLink:
      '{org}邀请您加入。{action}（{until}前有效）：{url} 然后以 {account} 登录。{loginLabel}：{loginUrl}',
  },
  ru: {
    subject: 'Ваше приглашение в «{org}»',
    heading: 'Добро пожаловать в «{org}»',
    loginAccount: 'Учётная запись',
    role: 'Роль',
    initialPassword: 'Начальный пароль',
    validUntil: 'Действует до',
    passwordIntro:
      'Вас пригласили в {org}. Войдите с указанной ниже учётной записью и начальным паролем.',
    passwordNote:
      'При первом входе вы выберете новый пароль. Начальный пароль перестаёт действовать, когда истекает его срок или когда отправлено новое приглашение.',
    linkIntro: 'Вас пригласили в {org}.',
    linkNote:
      'Ссылка срабатывает один раз и действует до {until}. Если вы не ждали этого письма, просто проигнорируйте его.',
    setPassword: 'Задать пароль',
    confirmJoining: 'Подтвердить вступление',
    smsPassword:
      '{org}: войдите как {account} с паролем {password} (действует до {until}; затем вы выберете новый). {loginLabel}: {loginUrl}',
    smsLink:
      '{org} приглашает вас. {action} (до {until}): {url} Затем войдите как {account}. {loginLabel}: {loginUrl}',
  },
  ja: {
    subject: '「{org}」への招待',
    heading: '「{org}」へようこそ',
    loginAccount: 'ログインアカウント',
    role: 'ロール',
    initialPassword: '初期パスワード',
    validUntil: '有効期限',
    passwordIntro:
      '{org} に招待されました。以下のアカウントと初期パスワードでサインインしてください。',
    passwordNote:
      '初回サインイン時に新しいパスワードを設定していただきます。初期パスワードは、有効期限が切れるか新しい招待が送信されると使用できなくなります。',
    linkIntro: '{org} に招待されました。',
    linkNote:
      'このリンクは一度だけ、{until}まで使用できます。お心当たりがない場合は、このメッセージを無視してください。',
    setPassword: 'パスワードを設定する',
    confirmJoining: '参加を確認する',
    smsPassword:
      '{org}：{account} とパスワード {password} でサインインしてください（{until}まで有効。サインイン後に新しいパスワードを設定します）。{loginLabel}：{loginUrl}',
    smsLink:
      '{org} から招待が届いています。{action}（{until}まで）：{url} その後 {account} でサインインしてください。{loginLabel}：{loginUrl}',
  },
});
