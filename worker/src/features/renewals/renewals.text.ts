/**
 * The words of renewals: the "ask for a new invitation" form on an expired invitation's or a spent
 * link's page, its answer, the reminder to an invitee, the expiry notice to an inviter and the fresh
 * link e-mailed to whoever asked. A spent link's titles are the link page's own
 * (features/joining/pages.text.ts), since the ask form takes that page's place.
 */
import { defineText } from '../../i18n/text';

export const renewalText = defineText('renewals', {
  en: {
    invitationExpiredTitle: 'This invitation has expired',
    linkExpiredTitle: 'Invitation link expired',
    linkExhaustedTitle: 'Invitation link used up',
    askIntroInvitation:
      'You can ask {org} for a new invitation. Leave your name and the person who invited you will see your request; a new invitation goes to the address this one was sent to.',
    askIntroLink:
      'You can ask {org} for a new invitation. Leave your name and e-mail address, and the person who shared the link will see your request.',
    nameLabel: 'Your name',
    emailLabel: 'E-mail address',
    askButton: 'Ask for a new invitation',
    nameProblem: 'Enter your name (up to 100 characters).',
    emailProblem: 'Enter an e-mail address such as name@example.com.',
    formProblem: 'Please check the form:',
    sentTitle: 'Request sent',
    sentMessage:
      'Thank you. If a new invitation can be sent to this address, it will arrive in its mailbox. You do not need to ask again.',
    sentMessageInvitation:
      'Thank you. The person who invited you will see your request; a new invitation would go where this one went. You do not need to ask again.',
    someone: 'Someone',
    roleOwner: 'an owner',
    roleAdmin: 'an admin',
    roleMember: 'a member',
    factOrganization: 'Organization',
    factValidUntil: 'Valid until',
    reminderSubject: 'Reminder: your invitation to join “{org}” expires soon',
    reminderHeading: 'Your invitation to “{org}” expires soon',
    reminderBody:
      '{inviter} invited you to join “{org}” as {role}. The invitation is valid until {until}.',
    reminderButton: 'Accept the invitation',
    reminderNote:
      'If you do not want to join, ignore this message: the invitation simply expires. This is the only reminder.',
    expiredSubject: 'Your invitation to {address} expired',
    expiredHeading: 'Your invitation to {address} expired',
    expiredBody:
      'The invitation you sent to {address} to join “{org}” expired on {when} without being accepted.',
    expiredNext:
      'To invite them again, open the Invitations extension: the expired invitation waits in the Review tab, where one click sends a new one.',
    linkSubject: 'Your new invitation link to join “{org}”',
    linkHeading: 'A new invitation link to “{org}”',
    linkBody:
      'You asked for a new invitation to “{org}”. {inviter} sent you this link: open it to join. It works once and is valid until {until}.',
    linkApproval:
      'After you use it, the organization reviews your request before you become a member.',
    linkButton: 'Join “{org}”',
    onBehalf:
      'Sent on behalf of “{org}”, an organization that uses this invitation service; the organization chose its name, the service does not vouch for it.',
  },
  'zh-CN': {
    invitationExpiredTitle: '此邀请已过期',
    linkExpiredTitle: '邀请链接已过期',
    linkExhaustedTitle: '邀请链接已用完',
    askIntroInvitation:
      '您可以请 {org} 重新发送邀请。请留下您的姓名，邀请您的人会看到您的请求；新的邀请将发送到本邀请原来的地址。',
    askIntroLink:
      '您可以请 {org} 重新发送邀请。请留下您的姓名和电子邮件地址，分享此链接的人会看到您的请求。',
    nameLabel: '您的姓名',
    emailLabel: '电子邮件地址',
    askButton: '请求新的邀请',
    nameProblem: '请输入您的姓名（最多 100 个字符）。',
    emailProblem: '请输入电子邮件地址，例如 name@example.com。',
    formProblem: '请检查表单：',
    sentTitle: '请求已发送',
    sentMessage: '谢谢。如果可以向此地址发送新的邀请，邀请将送达该邮箱。您无需再次请求。',
    sentMessageInvitation:
      '谢谢。邀请您的人会看到您的请求；新的邀请会发送到原邀请的地址。您无需再次请求。',
    someone: '有人',
    roleOwner: '所有者',
    roleAdmin: '管理员',
    roleMember: '成员',
    factOrganization: '组织',
    factValidUntil: '有效期至',
    reminderSubject: '提醒：您加入“{org}”的邀请即将过期',
    reminderHeading: '您加入“{org}”的邀请即将过期',
    reminderBody: '{inviter} 邀请您以{role}身份加入“{org}”。此邀请的有效期至 {until}。',
    reminderButton: '接受邀请',
    reminderNote: '如果您不想加入，请忽略此邮件：邀请到期后将自动失效。这是唯一的一次提醒。',
    expiredSubject: '您发给 {address} 的邀请已过期',
    expiredHeading: '您发给 {address} 的邀请已过期',
    expiredBody: '您发给 {address}、邀请其加入“{org}”的邀请已于 {when} 过期，对方未接受。',
    expiredNext:
      '如需再次邀请，请打开“邀请”扩展程序：过期的邀请会显示在“审核”标签页中，只需点击一下即可发送新的邀请。',
    linkSubject: '您加入“{org}”的新邀请链接',
    linkHeading: '加入“{org}”的新邀请链接',
    linkBody:
      '您曾请求重新获得加入“{org}”的邀请。{inviter} 给您发送了此链接：打开即可加入。链接仅可使用一次，有效期至 {until}。',
    linkApproval: '使用链接后，组织会先审核您的申请，审核通过后您才会成为成员。',
    linkButton: '加入“{org}”',
    onBehalf:
      '代表“{org}”发送。该组织使用本邀请服务，名称由该组织自行选择，本服务不对其作任何担保。',
  },
  ru: {
    invitationExpiredTitle: 'Срок действия приглашения истёк',
    linkExpiredTitle: 'Срок действия ссылки истёк',
    linkExhaustedTitle: 'Ссылка-приглашение исчерпана',
    askIntroInvitation:
      'Вы можете попросить {org} прислать новое приглашение. Оставьте своё имя — человек, который вас пригласил, увидит ваш запрос; новое приглашение придёт на тот же адрес, что и это.',
    askIntroLink:
      'Вы можете попросить {org} прислать новое приглашение. Оставьте имя и адрес электронной почты — человек, который поделился ссылкой, увидит ваш запрос.',
    nameLabel: 'Ваше имя',
    emailLabel: 'Адрес электронной почты',
    askButton: 'Попросить новое приглашение',
    nameProblem: 'Введите имя (не длиннее 100 символов).',
    emailProblem: 'Введите адрес электронной почты, например name@example.com.',
    formProblem: 'Проверьте форму:',
    sentTitle: 'Запрос отправлен',
    sentMessage:
      'Спасибо. Если на этот адрес можно отправить новое приглашение, оно придёт в этот почтовый ящик. Повторять запрос не нужно.',
    sentMessageInvitation:
      'Спасибо. Пригласивший вас увидит запрос; новое приглашение придёт туда же, куда пришло это. Повторять запрос не нужно.',
    someone: 'Кто-то',
    roleOwner: 'владельца',
    roleAdmin: 'администратора',
    roleMember: 'участника',
    factOrganization: 'Организация',
    factValidUntil: 'Действует до',
    reminderSubject: 'Напоминание: приглашение в «{org}» скоро истечёт',
    reminderHeading: 'Ваше приглашение в «{org}» скоро истечёт',
    reminderBody:
      '{inviter} пригласил(а) вас в «{org}» в роли {role}. Приглашение действует до {until}.',
    reminderButton: 'Принять приглашение',
    reminderNote:
      'Если вы не хотите присоединяться, просто не отвечайте на это письмо: приглашение истечёт само. Других напоминаний не будет.',
    expiredSubject: 'Ваше приглашение для {address} истекло',
    expiredHeading: 'Ваше приглашение для {address} истекло',
    expiredBody:
      'Приглашение в «{org}», которое вы отправили на {address}, истекло {when}, так и не будучи принятым.',
    expiredNext:
      'Чтобы пригласить снова, откройте расширение «Приглашения»: истёкшее приглашение ждёт на вкладке «Проверка», где новое отправляется одним нажатием.',
    linkSubject: 'Новая ссылка-приглашение в «{org}»',
    linkHeading: 'Новая ссылка-приглашение в «{org}»',
    linkBody:
      'Вы просили новое приглашение в «{org}». {inviter} отправил(а) вам эту ссылку — откройте её, чтобы присоединиться. Она действует один раз, до {until}.',
    linkApproval:
      'После того как вы воспользуетесь ссылкой, организация рассмотрит вашу заявку, и только затем вы станете участником.',
    linkButton: 'Присоединиться к «{org}»',
    onBehalf:
      'Отправлено от имени «{org}» — организации, которая пользуется этим сервисом приглашений; название выбрано самой организацией, сервис за него не ручается.',
  },
  ja: {
    invitationExpiredTitle: 'この招待は有効期限が切れています',
    linkExpiredTitle: '招待リンクの有効期限切れ',
    linkExhaustedTitle: '招待リンクの使用回数の上限',
    askIntroInvitation:
      '{org} に新しい招待を依頼できます。お名前を入力すると、あなたを招待した人に依頼が届きます。新しい招待は、この招待と同じ宛先に届きます。',
    askIntroLink:
      '{org} に新しい招待を依頼できます。お名前とメールアドレスを入力すると、このリンクを共有した人に依頼が届きます。',
    nameLabel: 'お名前',
    emailLabel: 'メールアドレス',
    askButton: '新しい招待を依頼する',
    nameProblem: 'お名前を入力してください（100 文字以内）。',
    emailProblem: 'name@example.com のようなメールアドレスを入力してください。',
    formProblem: '入力内容を確認してください：',
    sentTitle: '依頼を送信しました',
    sentMessage:
      'ありがとうございます。このアドレスに新しい招待を送れる場合は、このメールボックスに届きます。再度依頼する必要はありません。',
    sentMessageInvitation:
      'ありがとうございます。招待した人に依頼が届きます。新しい招待は、この招待と同じ宛先に届きます。再度依頼する必要はありません。',
    someone: 'ある人',
    roleOwner: 'オーナー',
    roleAdmin: '管理者',
    roleMember: 'メンバー',
    factOrganization: '組織',
    factValidUntil: '有効期限',
    reminderSubject: 'リマインダー：「{org}」への招待の有効期限が近づいています',
    reminderHeading: '「{org}」への招待の有効期限が近づいています',
    reminderBody:
      '{inviter} さんから「{org}」に{role}として招待されています。招待の有効期限は {until} です。',
    reminderButton: '招待を承諾する',
    reminderNote:
      '参加しない場合は、このメールを無視してください。招待は期限が来ると自動的に無効になります。リマインダーはこの一度だけです。',
    expiredSubject: '{address} への招待の有効期限が切れました',
    expiredHeading: '{address} への招待の有効期限が切れました',
    expiredBody:
      '{address} に送った「{org}」への招待は、承諾されないまま {when} に有効期限が切れました。',
    expiredNext:
      'もう一度招待するには、Invitations 拡張機能を開いてください。期限切れの招待は「レビュー」タブに表示され、ワンクリックで新しい招待を送れます。',
    linkSubject: '「{org}」への新しい招待リンク',
    linkHeading: '「{org}」への新しい招待リンク',
    linkBody:
      '「{org}」への新しい招待をご依頼いただきました。{inviter} さんからこのリンクが届いています。開くと参加できます。リンクは 1 回だけ使え、有効期限は {until} です。',
    linkApproval:
      'リンクを使った後、組織があなたの申請を確認してから、メンバーとして参加できます。',
    linkButton: '「{org}」に参加する',
    onBehalf:
      '「{org}」に代わって送信しています。この組織は本招待サービスを利用しており、名称は組織自身が選んだもので、本サービスが保証するものではありません。',
  },
});
