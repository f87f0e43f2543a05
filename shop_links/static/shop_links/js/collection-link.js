/* Draftail entity for links to shop collections.
 *
 * The toolbar button opens Wagtail's snippet chooser for ShopCollection; the
 * chosen collection's id is stored on the entity (never a URL), so the public
 * page can write the current shop URL when it renders.
 */
(function () {
  'use strict';

  const React = window.React;
  const { EditorState, Modifier, RichUtils } = window.DraftJS;
  const { ModalWorkflowSource, TooltipEntity } = window.draftail;

  /* The language of the translated field being edited (`intro_nl`, `body_en`, ...):
   * the nearest field wrapper, around the editor's selection, whose content path ends
   * in one of the site's languages. */
  function editedLanguage(languages) {
    const selection = document.getSelection();
    const start = (selection && selection.anchorNode) || document.activeElement;
    for (let node = start; node; node = node.parentElement) {
      const path = node.dataset && node.dataset.contentpath;
      const language = path && languages.find((code) => path.endsWith(`_${code}`));
      if (language) return language;
    }
    return null;
  }

  class CollectionSource extends ModalWorkflowSource {
    getChooserConfig() {
      const entityType = this.props.entityType || {};
      const urls = entityType.chooserUrls || {};
      // The modal names collections in the edited field's language (and so does the
      // link text it inserts), whatever language the admin speaks.
      const language = editedLanguage(entityType.contentLanguages || []);
      return {
        url: urls.collectionChooser,
        urlParams: language ? { content_language: language } : {},
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: this.onChosen },
      };
    }

    filterEntityData(data) {
      // The chooser sends the id as a string; the stored HTML and the server side use numbers.
      return { id: Number.parseInt(data.id, 10), title: data.string };
    }

    onChosen(data) {
      const { editorState, entityType, onComplete } = this.props;
      const content = editorState.getCurrentContent();
      const selection = editorState.getSelection();
      const entityData = this.filterEntityData(data);
      const withEntity = content.createEntity(entityType.type, 'MUTABLE', entityData);
      const entityKey = withEntity.getLastCreatedEntityKey();
      let nextState;
      if (selection.isCollapsed()) {
        const inserted = Modifier.insertText(withEntity, selection, entityData.title, null, entityKey);
        nextState = EditorState.push(editorState, inserted, 'insert-characters');
      } else {
        nextState = RichUtils.toggleLink(editorState, selection, entityKey);
      }
      this.workflow.close();
      onComplete(nextState);
    }
  }

  function CollectionLink(props) {
    const { entityKey, contentState } = props;
    const data = contentState.getEntity(entityKey).getData();
    const label = data.title || '⚠ missing collection';
    if (TooltipEntity) {
      return React.createElement(TooltipEntity, { ...props, icon: '#icon-tag', label, url: null });
    }
    return React.createElement('a', { className: 'collection-link', title: label }, props.children);
  }

  window.draftail.registerPlugin(
    { type: 'COLLECTION', source: CollectionSource, decorator: CollectionLink },
    'entityTypes',
  );
})();
