import { render } from 'preact';
import { AppContext } from '../../components/app-context';
import '../../components/base.css';
import { setDocumentLanguage } from '../../lib/i18n';
import { createAppState } from '../../lib/app-state';
import { hasHostPermission } from '../../lib/host-permission-check';
import { stores } from '../../lib/storage';
import { Dashboard } from './Dashboard';
import './dashboard.css';

const app = createAppState({ stores, hasAccess: hasHostPermission });
void app.start();

setDocumentLanguage();
render(
  <AppContext.Provider value={app}>
    <Dashboard />
  </AppContext.Provider>,
  document.getElementById('app')!,
);
