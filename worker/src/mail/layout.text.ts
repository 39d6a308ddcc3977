/**
 * The words every message shares (mail/layout.ts): whose message it is, how a sign-in address is
 * named, the address under a button, and role names.
 */
import { defineText } from '../i18n/text';

export const layoutText = defineText('mail/layout', {
  en: {
    onBehalfOf:
      'Sent on behalf of “{org}”, an organization that uses this invitation service; the organization chose its name, the service does not vouch for it.',
    orgLoginPage: 'Sign-in page given by “{org}”',
    loginAddress: 'Login address',
    openAddress: 'Or open this address:',
    someone: 'Someone',
    anOrganization: 'an organization',
    owner: 'Owner',
    admin: 'Admin',
    member: 'Member',
  },
  'zh-CN': {
    onBehalfOf:
      '本邮件代表“{org}”发送。该组织使用本邀请服务；组织名称由其自行设定，本服务不为其担保。',
    orgLoginPage: '“{org}”提供的登录页面',
    loginAddress: '登录地址',
    openAddress: '或打开此地址：',
    someone: '有人',
    anOrganization: '某个组织',
    owner: '所有者',
    admin: '管理员',
    member: '成员',
  },
  ru: {
    onBehalfOf:
      'Отправлено от имени «{org}» — организации, которая пользуется этим сервисом приглашений; название выбрала сама организация, сервис за него не ручается.',
    orgLoginPage: 'Страница входа, указанная «{org}»',
    loginAddress: 'Адрес для входа',
    openAddress: 'Или откройте этот адрес:',
    someone: 'Кто-то',
    anOrganization: 'организацию',
    owner: 'Владелец',
    admin: 'Администратор',
    member: 'Участник',
  },
  ja: {
    onBehalfOf:
      'このメッセージは、本招待サービスを利用している組織「{org}」に代わって送信されました。組織名は組織自身が設定したもので、本サービスが保証するものではありません。',
    orgLoginPage: '「{org}」が指定したサインインページ',
    loginAddress: 'ログインアドレス',
    openAddress: 'または次のアドレスを開いてください：',
    someone: 'ある方',
    anOrganization: 'ある組織',
    owner: 'オーナー',
    admin: '管理者',
    member: 'メンバー',
  },
});
