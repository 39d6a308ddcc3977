/** The words of the "you already belong here" notice (already-member-mail.ts). */
import { defineText } from '../../i18n/text';

export const alreadyMemberText = defineText('joining/already-member-mail', {
  en: {
    subject: 'Your request to join {org}',
    heading: 'Hello {name}',
    intro:
      'Someone, probably you, asked to join {org} with this address through an invitation link. This address already belongs to {org}, so nothing was changed.',
    signIn: 'Sign in',
    finish:
      'To finish joining, use the link in the welcome or invitation message you received earlier. If you cannot find it, ask an administrator of {org} to send it again.',
    notYou: 'If it was not you, you can ignore this message.',
  },
  'zh-CN': {
    subject: '您加入 {org} 的申请',
    heading: '{name}，您好',
    intro:
      '有人（可能是您本人）通过邀请链接，用此地址申请加入 {org}。此地址已属于 {org}，因此没有做任何更改。',
    signIn: '登录',
    finish:
      '要完成加入，请使用您之前收到的欢迎邮件或邀请邮件中的链接。如果找不到，请联系 {org} 的管理员重新发送。',
    notYou: '如果不是您本人操作，可以忽略此邮件。',
  },
  ru: {
    subject: 'Ваша заявка на вступление в {org}',
    heading: 'Здравствуйте, {name}',
    intro:
      'Кто-то, вероятно вы, подал заявку на вступление в {org} с этим адресом по ссылке-приглашению. Этот адрес уже состоит в {org}, поэтому ничего не изменилось.',
    signIn: 'Войти',
    finish:
      'Чтобы завершить вступление, воспользуйтесь ссылкой из приветственного письма или приглашения, которое вы получили раньше. Если не можете его найти, попросите администратора {org} отправить его снова.',
    notYou: 'Если это были не вы, просто проигнорируйте это письмо.',
  },
  ja: {
    subject: '{org} への参加リクエストについて',
    heading: '{name} 様',
    intro:
      'どなたか（おそらくご本人）が、招待リンクからこのアドレスで {org} への参加を申請しました。このアドレスはすでに {org} に所属しているため、何も変更されていません。',
    signIn: 'サインイン',
    finish:
      '参加を完了するには、以前に届いたウェルカムメッセージまたは招待メッセージ内のリンクを使ってください。見つからない場合は、{org} の管理者に再送を依頼してください。',
    notYou: 'お心当たりがない場合は、このメッセージを無視してください。',
  },
});
