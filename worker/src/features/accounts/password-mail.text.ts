/**
 * The words of the account's own messages: the new-password link (password-reset-mail.ts) and the
 * notice after a change (password-changed-mail.ts).
 */
import { defineText } from '../../i18n/text';

export const passwordMailText = defineText('accounts/password-mail', {
  en: {
    changedSubject: 'Your Invitations password was changed',
    changedHeading: 'Hello {name}, your password was changed',
    changedIntro:
      'The password of your account was just changed, and your other sessions were signed out.',
    account: 'Account',
    changedIfNotYou:
      'If you did not do this, choose a new password at once with a link sent to this address: that signs every session out.',
    chooseNew: 'Choose a new password',
    resetSubject: 'Choose a new password for Invitations',
    resetIntro:
      'Someone, probably you, asked to choose a new password for the account {account}. Follow this link to choose one; every session of the account is then signed out.',
    resetNote:
      'The link works once, until {until}. If you did not ask for it, ignore this message: your password stays as it is.',
    resetSms:
      'Choose a new password for {account} (until {until}): {url} Did not ask for it? Ignore this message.',
  },
  'zh-CN': {
    changedSubject: '您的 Invitations 密码已更改',
    changedHeading: '{name}，您好：您的密码已更改',
    changedIntro: '您账号的密码刚刚被更改，您的其他会话已全部退出登录。',
    account: '账号',
    changedIfNotYou:
      '如果这不是您本人的操作，请立即通过发送到此地址的链接设置新密码：这样会让所有会话退出登录。',
    chooseNew: '设置新密码',
    resetSubject: '为 Invitations 设置新密码',
    resetIntro:
      '有人（可能是您本人）请求为账号 {account} 设置新密码。请点击此链接设置新密码；设置后该账号的所有会话都将退出登录。',
    resetNote:
      '此链接只能使用一次，有效期至{until}。如果这不是您的请求，请忽略此邮件：您的密码不会改变。',
    resetSms: '为 {account} 设置新密码（{until}前有效）：{url} 如非本人操作，请忽略此短信。',
  },
  ru: {
    changedSubject: 'Пароль в Invitations изменён',
    changedHeading: 'Здравствуйте, {name}! Ваш пароль изменён',
    changedIntro:
      'Пароль вашей учётной записи только что изменили, а остальные ваши сеансы завершены.',
    account: 'Учётная запись',
    changedIfNotYou:
      'Если это сделали не вы, немедленно задайте новый пароль по ссылке, отправленной на этот адрес: это завершит все сеансы.',
    chooseNew: 'Задать новый пароль',
    resetSubject: 'Новый пароль для Invitations',
    resetIntro:
      'Кто-то, вероятно вы, запросил смену пароля для учётной записи {account}. Перейдите по этой ссылке, чтобы задать новый пароль; после этого все сеансы учётной записи будут завершены.',
    resetNote:
      'Ссылка срабатывает один раз и действует до {until}. Если вы её не запрашивали, проигнорируйте это письмо: пароль останется прежним.',
    resetSms:
      'Новый пароль для {account} (до {until}): {url} Не запрашивали? Проигнорируйте это сообщение.',
  },
  ja: {
    changedSubject: 'Invitations のパスワードが変更されました',
    changedHeading: '{name} 様、パスワードが変更されました',
    changedIntro:
      'アカウントのパスワードが変更され、ほかのセッションはすべてサインアウトされました。',
    account: 'アカウント',
    changedIfNotYou:
      'お心当たりがない場合は、このアドレスに送られるリンクから直ちに新しいパスワードを設定してください。すべてのセッションがサインアウトされます。',
    chooseNew: '新しいパスワードを設定する',
    resetSubject: 'Invitations の新しいパスワードを設定してください',
    resetIntro:
      'どなたか（おそらくご本人）が、アカウント {account} の新しいパスワードの設定をリクエストしました。このリンクから設定してください。設定後、このアカウントのすべてのセッションがサインアウトされます。',
    resetNote:
      'このリンクは一度だけ、{until}まで使用できます。お心当たりがない場合は、このメッセージを無視してください。パスワードは変更されません。',
    resetSms:
      '{account} の新しいパスワードを設定（{until}まで有効）：{url} お心当たりがない場合は無視してください。',
  },
});
