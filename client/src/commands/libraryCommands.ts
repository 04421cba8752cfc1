/** Library view filters: title search, technology filter, clear; refresh of both views. */
import * as vscode from 'vscode';
import type { QualysClient } from '../api';
import type { Technology } from '../../../server/src/model/policy';
import { showError } from '../errors';
import type { LibraryTreeProvider } from '../views/libraryTree';

export interface LibraryCommandDeps {
  getApi: () => Promise<QualysClient>;
  library: LibraryTreeProvider;
  /** The library technology list (cached; fetched when missing). */
  technologies: () => Promise<Technology[]>;
  onFilterChanged: () => void;
}

export function registerLibraryCommands(deps: LibraryCommandDeps): vscode.Disposable[] {
  const { library } = deps;
  return [
    vscode.commands.registerCommand('qualysPolicy.refreshLibrary', () => library.refresh()),
    /** (text?) → sets the title search ('' clears it) */
    vscode.commands.registerCommand('qualysPolicy.searchLibrary', async (text?: unknown) => {
      const search =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({ prompt: 'Show library policies whose title contains…', value: library.currentFilter.search, placeHolder: 'e.g. Windows Server 2022' });
      if (search === undefined) return;
      library.setFilter({ search: search.trim() });
      deps.onFilterChanged();
    }),
    /** (technologyIds?: number[]) → filters by technology (server side) */
    vscode.commands.registerCommand('qualysPolicy.filterLibraryByTechnology', async (ids?: unknown) => {
      try {
        const all = await deps.technologies();
        let chosen: Technology[];
        if (Array.isArray(ids)) {
          chosen = ids.map((id) => all.find((t) => t.technologyId === Number(id)) ?? { technologyId: Number(id), technologyName: `Technology ${id}` });
        } else {
          const current = new Set(library.currentFilter.technologies.map((t) => t.technologyId));
          const picked = await vscode.window.showQuickPick(
            all.map((t) => ({ label: t.technologyName, description: `id ${t.technologyId}`, picked: current.has(t.technologyId), t })),
            { canPickMany: true, title: 'Show library policies for these technologies', matchOnDescription: true },
          );
          if (!picked) return;
          chosen = picked.map((p) => p.t);
        }
        library.setFilter({ technologies: chosen });
        deps.onFilterChanged();
      } catch (e) {
        await showError('Could not load the library technologies', e);
      }
    }),
    vscode.commands.registerCommand('qualysPolicy.clearLibraryFilter', () => {
      library.setFilter({ technologies: [], search: '' });
      deps.onFilterChanged();
    }),
  ];
}
