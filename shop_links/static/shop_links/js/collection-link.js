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

  class CollectionSource extends ModalWorkflowSource {
    getChooserConfig() {
      const urls = (this.props.entityType && this.props.entityType.chooserUrls) || {};
      return {
        url: urls.collectionChooser,
        urlParams: {},
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
