/** Hands the page's state to its components (STYLE: state from a factory, provided by context). */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AppState } from '../lib/app-state';

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp() needs an <AppContext.Provider> above it');
  return app;
}
