import * as vscode from 'vscode';
import { takesReferences } from '../../core/refImages/limits';
import { describePrice, findModel, MODELS, type ModelInfo } from '../../core/models';

interface ModelItem extends vscode.QuickPickItem {
  readonly model: ModelInfo;
}

/** The model to edit with when none is chosen: the setting if it takes images, else the first that does. */
export function editModel(settingModel: string): ModelInfo {
  const setting = findModel(settingModel);
  if (setting?.supported && takesReferences(setting)) return setting;
  return MODELS.find((m) => m.supported && takesReferences(m)) ?? (MODELS[0] as ModelInfo);
}

/** Only the families that take images (Wan 2.7, Gemini); Seedream on AIsa takes text only. */
export function pickEditModel(settingModel: string): (title: string) => Thenable<ModelInfo | undefined> {
  return (title) => {
    const first = editModel(settingModel);
    const items: ModelItem[] = [
      first,
      ...MODELS.filter((m) => m.id !== first.id && m.supported && takesReferences(m)),
    ].map((m) => ({ label: m.label, description: `${m.id} · ${describePrice(m)}`, model: m }));
    return vscode.window
      .showQuickPick(items, {
        title,
        placeHolder: vscode.l10n.t('Model to edit with (Seedream on AIsa takes text only)'),
        ignoreFocusOut: true,
        matchOnDescription: true,
      })
      .then((picked) => picked?.model);
  };
}
