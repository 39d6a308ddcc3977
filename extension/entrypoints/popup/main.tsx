import { render } from 'preact';
import { AppContext } from '../../components/app-context';
import '../../components/base.css';
import { setDocumentLanguage, t } from '../../lib/i18n';
import { createAppState } from '../../lib/app-state';
import { hasHostPermission } from '../../lib/host-permission-check';
import { stores } from '../../lib/storage';
import { App } from './App';
import './popup.css';

const app = createAppState({ stores, hasAccess: hasHostPermission });
void app.start();

setDocumentLanguage(t('extName'));
render(
  <AppContext.Provider value={app}>
    <App />
  </AppContext.Provider>,
  document.getElementById('app')!,
);
