import { render } from 'preact';
import '../../components/base.css';
import { setDocumentLanguage, t } from '../../lib/i18n';
import { preferencesItem, sessionItem } from '../../lib/storage';
import { Options } from './Options';
import './options.css';

setDocumentLanguage(t('options.title'));
render(<Options store={preferencesItem} session={sessionItem} />, document.getElementById('app')!);
