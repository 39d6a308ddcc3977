/** The words of the welcome after an approval (welcome-mail.ts). */
import { defineText } from '../../i18n/text';

export const welcomeText = defineText('joining/welcome-mail', {
  en: {
    subject: 'Welcome to {org}',
    heading: 'Welcome to {org}, {name}',
    intro: '{inviter} invited you to {org}, and your request to join was accepted.',
    loginAccount: 'Login account',
    initialPassword: 'Initial password',
    withPassword:
      'Sign in at the login address with this account and the initial password; you will then choose your own password. The initial password works until {until}.',
    signIn: 'Sign in',
    choosePassword: 'Choose a password to activate your account:',
    existingAccount:
      'You already have an account with this address. Confirm that you want to join:',
    setPassword: 'Set your password',
    confirmJoining: 'Confirm joining',
    keepPrivate: 'Keep this message private.',
    linkOnce: 'This link works once and expires on {until}.',
    notAsked: 'If you did not ask to join “{org}”, ignore this message and nothing happens.',
  },
  'zh-CN': {
    subject: '欢迎加入 {org}',
    heading: '{name}，欢迎加入 {org}',
    intro: '{inviter}邀请您加入 {org}，您的加入申请已获批准。',
    loginAccount: '登录账号',
    initialPassword: '初始密码',
    withPassword:
      '请使用此账号和初始密码在登录地址登录，之后您将设置自己的密码。初始密码在{until}前有效。',
    signIn: '登录',
    choosePassword: '请设置密码以激活您的账号：',
    existingAccount: '您已有使用此地址的账号。请确认您要加入：',
    setPassword: '设置密码',
    confirmJoining: '确认加入',
    keepPrivate: '请妥善保管此邮件，不要转给他人。',
    linkOnce: '此链接只能使用一次，将于{until}失效。',
    notAsked: '如果您没有申请加入“{org}”，请忽略此邮件，不会发生任何事情。',
  },
  ru: {
    subject: 'Добро пожаловать в {org}',
    heading: 'Добро пожаловать в {org}, {name}',
    intro: '{inviter} пригласил(а) вас в {org}, и ваша заявка на вступление одобрена.',
    loginAccount: 'Учётная запись',
    initialPassword: 'Начальный пароль',
    withPassword:
      'Войдите по адресу для входа с этой учётной записью и начальным паролем, после чего вы выберете собственный пароль. Начальный пароль действует до {until}.',
    signIn: 'Войти',
    choosePassword: 'Чтобы активировать учётную запись, задайте пароль:',
    existingAccount:
      'У вас уже есть учётная запись с этим адресом. Подтвердите, что хотите вступить:',
    setPassword: 'Задать пароль',
    confirmJoining: 'Подтвердить вступление',
    keepPrivate: 'Никому не пересылайте это письмо.',
    linkOnce: 'Ссылка срабатывает один раз и действует до {until}.',
    notAsked:
      'Если вы не подавали заявку на вступление в «{org}», проигнорируйте это письмо — ничего не произойдёт.',
  },
  ja: {
    subject: '{org} へようこそ',
    heading: '{name} 様、{org} へようこそ',
    intro: '{inviter}さんから {org} に招待され、参加リクエストが承認されました。',
    loginAccount: 'ログインアカウント',
    initialPassword: '初期パスワード',
    withPassword:
      'このアカウントと初期パスワードでログインアドレスからサインインしてください。その後、ご自身のパスワードを設定していただきます。初期パスワードの有効期限は{until}です。',
    signIn: 'サインイン',
    choosePassword: 'パスワードを設定してアカウントを有効にしてください：',
    existingAccount: 'このアドレスのアカウントはすでにお持ちです。参加することを確認してください：',
    setPassword: 'パスワードを設定する',
    confirmJoining: '参加を確認する',
    keepPrivate: 'このメッセージは他の人に見せないでください。',
    linkOnce: 'このリンクは一度だけ使用でき、{until}に期限切れになります。',
    notAsked:
      '「{org}」への参加を申請していない場合は、このメッセージを無視してください。何も起こりません。',
  },
});
