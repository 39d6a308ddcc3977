/** The words of a verification code's e-mail and SMS (verification-code-mail.ts). */
import { defineText } from '../../i18n/text';

export const codeMailText = defineText('accounts/verification-code-mail', {
  en: {
    subject: 'Your code: {digits}',
    heading: 'Confirm that this address is yours',
    introInvitation:
      'Someone asked for a code to accept the invitation to join “{org}” as {address}. Enter this code on the page:',
    introPassword:
      'Someone asked for a code to choose your password and join “{org}” as {address}. Enter this code on the page:',
    code: 'Code',
    note: 'The code works once, for ten minutes. If you did not ask for it, ignore this message: nobody can use your address without this code.',
    smsInvitation:
      '{digits} is your code to accept the invitation to join “{org}”. It works for 10 minutes. Did not ask for it? Ignore this message.',
    smsPassword:
      '{digits} is your code to choose your password and join “{org}”. It works for 10 minutes. Did not ask for it? Ignore this message.',
  },
  'zh-CN': {
    subject: '您的验证码：{digits}',
    heading: '确认此地址属于您',
    introInvitation:
      '有人以 {address} 的身份请求验证码，以接受加入“{org}”的邀请。请在页面上输入此验证码：',
    introPassword:
      '有人以 {address} 的身份请求验证码，以设置密码并加入“{org}”。请在页面上输入此验证码：',
    code: '验证码',
    note: '此验证码只能使用一次，10 分钟内有效。如果这不是您的请求，请忽略此邮件：没有此验证码，任何人都无法使用您的地址。',
    smsInvitation:
      '{digits} 是您接受加入“{org}”邀请的验证码，10 分钟内有效。如非本人操作，请忽略此短信。',
    smsPassword:
      '{digits} 是您设置密码并加入“{org}”的验证码，10 分钟内有效。如非本人操作，请忽略此短信。',
  },
  ru: {
    subject: 'Ваш код: {digits}',
    heading: 'Подтвердите, что этот адрес ваш',
    introInvitation:
      'Кто-то запросил код, чтобы принять приглашение в «{org}» как {address}. Введите этот код на странице:',
    introPassword:
      'Кто-то запросил код, чтобы задать пароль и вступить в «{org}» как {address}. Введите этот код на странице:',
    code: 'Код',
    note: 'Код срабатывает один раз и действует десять минут. Если вы его не запрашивали, проигнорируйте это письмо: без этого кода никто не сможет воспользоваться вашим адресом.',
    smsInvitation:
      '{digits} — ваш код, чтобы принять приглашение в «{org}». Действует 10 минут. Не запрашивали? Проигнорируйте это сообщение.',
    smsPassword:
      '{digits} — ваш код, чтобы задать пароль и вступить в «{org}». Действует 10 минут. Не запрашивали? Проигнорируйте это сообщение.',
  },
  ja: {
    subject: '確認コード：{digits}',
    heading: 'このアドレスがご本人のものであることを確認してください',
    introInvitation:
      '{address} として「{org}」への招待を承諾するための確認コードがリクエストされました。ページで次のコードを入力してください：',
    introPassword:
      '{address} としてパスワードを設定し「{org}」に参加するための確認コードがリクエストされました。ページで次のコードを入力してください：',
    code: 'コード',
    note: 'このコードは一度だけ、10分間有効です。お心当たりがない場合は、このメッセージを無視してください。このコードがなければ、誰もあなたのアドレスを使用できません。',
    smsInvitation:
      '{digits} は「{org}」への招待を承諾するための確認コードです。10分間有効です。お心当たりがない場合は無視してください。',
    smsPassword:
      '{digits} は、パスワードを設定して「{org}」に参加するための確認コードです。10分間有効です。お心当たりがない場合は無視してください。',
  },
});
