"""A row's actions and items as tracked changes: kept, changed, added, removed, moved (Word moves), split or merged."""

from __future__ import annotations

from ...office.layout import action_label, annex_name, annex_names, item_label
from ...office.trackchanges import sequence
from ...office.wordml import (
    BREAK,
    Bit,
    Comment,
    Node,
    ranged,
)

ITEM_INDENT = 360  # twips: sub-items stand a quarter inch in, as in the annex


class ActionCells:
    """Lay out the actions cell of an annex row; mixed into `recreg.render.docx.annex.Annex`, whose texts and comments it uses."""

    def actions(self, old, new) -> list[Node]:
        """Return the nodes of a row's actions cell: NEW's actions in order, OLD's where they stood."""
        old_actions = list(old.actions) if old else []
        new_actions = list(new.actions) if new else []
        partner = self.action_partner
        entries = sequence([a.address for a in old_actions], [a.address for a in new_actions], partner, self.partnered)
        joined = self._joined_runs(entries, old_actions, new_actions)
        nodes: list[Node] = []
        skip: set[int] = set()
        for index, (old_key, new_key, moved) in enumerate(entries):
            if index in skip:
                continue
            if index in joined:
                olds, news, members = joined[index]
                skip.update(members)
                nodes += self._joined(olds, news, new)
                continue
            a = self.before.node(old_key) if old_key else None
            b = self.after.node(new_key) if new_key else None
            if a is not None and b is not None and not moved:
                nodes += self._action(a, b)
            elif b is not None:
                source = partner.get(new_key)
                if source is not None and self._shown(source, "old"):
                    nodes += self._action(self.before.node(source), b, "to")
                else:
                    nodes += self._action(None, b)
            else:
                target = self.action_of_old.get(old_key)
                if target is not None and self._shown(target, "new"):
                    nodes += self._action(a, None, "from")
                else:
                    nodes += self._action(a, None)
        return nodes

    def _joined_runs(self, entries: list[tuple], old_actions: list, new_actions: list) -> dict[int, tuple]:
        """Find the splits and merges of a row's actions that can stand as one paragraph boundary inserted or deleted.

        A split (merge) qualifies where its parts are consecutive actions of the row, in whatever
        order the engine chose its host among them, its host pair stays in place, their entries
        follow each other, and only the last part has sub-items (they follow the joined
        paragraph). Others are shown action by action.

        Returns:
            index of the group's first entry -> (old actions, new actions, indexes of all its entries).
        """
        old_keys, new_keys = [a.address for a in old_actions], [a.address for a in new_actions]
        groups = []
        for old_key, extras in self.splits.items():
            host = self.action_of_old.get(old_key)
            if old_key in old_keys and host in new_keys:
                groups.append(([old_key], _in_order([host, *extras], new_keys), (old_key, host)))
        for new_key, extras in self.merges.items():
            host = self.action_partner.get(new_key)
            if new_key in new_keys and host in old_keys:
                groups.append((_in_order([host, *extras], old_keys), [new_key], (host, new_key)))
        runs: dict[int, tuple] = {}
        for olds, news, host in groups:
            if olds is None or news is None or (*host, False) not in entries:
                continue
            members = [i for i, (o, n, _) in enumerate(entries) if (o or n) and {o, n} - {None} <= {*olds, *news}]
            parts = [self.before.node(k) for k in olds] + [self.after.node(k) for k in news]
            if members != list(range(members[0], members[0] + len(members))):
                continue
            if any(self.before.node(k).items for k in olds[:-1]) or any(self.after.node(k).items for k in news[:-1]):
                continue
            runs[members[0]] = (parts[: len(olds)], parts[len(olds) :], members)
        return runs

    def _shown(self, address, side_: str) -> bool:
        """Tell whether a move can show an action at both places: the rows of both ends stay in both editions."""
        return not self.tracked_row and address.recommendation() in (
            self.shown_old if side_ == "old" else self.shown_new
        )

    def _item_move_shown(self, old_key, new_key) -> bool:
        """Tell whether an item's move can be shown at both places (the rows of both ends stay)."""
        new_key = new_key if new_key is not None else self.item_of_old.get(old_key)
        return (
            old_key is not None and new_key is not None and self._shown(old_key, "old") and self._shown(new_key, "new")
        )

    def _move_name(self, old_key) -> str:
        return self._moves.setdefault(old_key, f"recreg-move-{len(self._moves) + 1}")

    def _action(self, a, b, move: str | None = None) -> list[Node]:
        """Return the nodes of one action and its items: unchanged, changed, added, removed, or one end of a move."""
        name = self._move_name(a.address) if move and a is not None else None
        old_rec = self._rec(a, "old")
        new_rec = self._rec(b, "new")
        side_ = move
        if move == "from":
            return self._moved_from(a, old_rec, name)
        in_old, in_new = a is not None and move is None, b is not None
        # The new place of a move holds the new text as it is: LibreOffice (7.4) loses tracked
        # changes nested in a move, so what changed in the words is said in the comments.
        shown = a if move is None else b
        bits = self.bits(_text(shown), _text(b), old_rec if move is None else new_rec, new_rec, side=side_, name=name)
        self._place(b.address if b is not None else None, bits, len(action_label(b.label)) if b is not None else 0)
        if a is not None and b is not None:
            self._comment_modality(bits, a.address, b.address)
            if move == "to":
                self.comment(
                    bits,
                    Comment(
                        f"Moved here from {annex_name(a.address, self.before)} of {self.old_name}",
                        f"recreg moved {a.address} {b.address}",
                    ),
                )
        elif b is not None:
            self._provenance(bits, b)
        else:
            self._destination(bits, a)
        nodes = [Node(bits, in_old, in_new, side=side_)]
        nodes += self._items(a, b, move, name, old_rec, new_rec)
        return ranged(nodes, "to", name) if move == "to" else nodes

    def _moved_from(self, a, old_rec, name: str) -> list[Node]:
        """Return the old place of a move: the old action and items as they were."""
        bits = self.bits(_text(a), _text(a), old_rec, old_rec, side="from", name=name)
        nodes = [Node(bits, True, False, side="from")]
        nodes += [
            Node(
                self.bits(_text(i), _text(i), old_rec, old_rec, side="from", name=name),
                True,
                False,
                ITEM_INDENT,
                "from",
            )
            for i in a.items
        ]
        return ranged(nodes, "from", name)

    def _items(self, a, b, move: str | None, name: str | None, old_rec, new_rec) -> list[Node]:
        """Return the nodes of an action's items: kept, changed, added, removed, or one end of a move."""
        side_ = move
        nodes: list[Node] = []
        old_items = list(a.items) if a is not None and move is None else []
        new_items = list(b.items) if b is not None else []
        partner = self.item_partner
        if move == "to":
            entries = [(partner.get(i.address), i.address, False) for i in new_items]
        else:
            entries = sequence([i.address for i in old_items], [i.address for i in new_items], partner, self.partnered)
        for old_key, new_key, moved in entries:
            x = self.before.node(old_key) if old_key else None
            y = self.after.node(new_key) if new_key else None
            if moved and (self.tracked_row or not self._item_move_shown(old_key, new_key)):
                # No move inside a row inserted or deleted whole, nor into or out of one: the item
                # stands on its row's side only.
                moved, x = False, (None if new_key is not None else x)
            if moved and new_key is not None:
                item_name = self._move_name(old_key)
                item_bits = self.bits(_text(y), _text(y), new_rec, new_rec, side="to", name=item_name)
                self._comment_modality(item_bits, x.address, y.address)
                nodes += ranged([Node(item_bits, False, True, ITEM_INDENT, "to")], "to", item_name)
            elif moved:
                item_name = self._move_name(old_key)
                item_bits = self.bits(_text(x), _text(x), old_rec, old_rec, side="from", name=item_name)
                nodes += ranged([Node(item_bits, True, False, ITEM_INDENT, "from")], "from", item_name)
            else:
                item_bits = (
                    self.bits(_text(x), _text(y), old_rec, new_rec, side=side_, name=name)
                    if move is None
                    else self.bits(_text(y), _text(y), new_rec, new_rec, side=side_, name=name)
                )
                if x is not None and y is not None:
                    self._comment_modality(item_bits, x.address, y.address)
                self._place(
                    y.address if y is not None else None, item_bits, len(item_label(y.label)) if y is not None else 0
                )
                nodes.append(Node(item_bits, x is not None and move is None, y is not None, ITEM_INDENT, side_))
        return nodes

    def _joined(self, olds: list, news: list, new_rec) -> list[Node]:
        """Return one split (an old action became consecutive new ones) or merge, as a paragraph boundary inserted or deleted."""
        old_rec, new_rec = self._rec(olds[0], "old"), self._rec(news[0], "new")
        old_text = BREAK.join(_text(a) for a in olds)
        new_text = BREAK.join(_text(b) for b in news)
        bits = self.bits(old_text, new_text, old_rec, new_rec)
        self._comment_modality(bits, olds[0].address, news[0].address)
        # On the first part's words alone: a comment across the boundary would span two actions
        # in one of the two views, text of no one node (`recreg import --tracked` refuses it).
        first = next((k for k, bit in enumerate(bits) if bit.kind == "break"), len(bits))
        self.comment(bits, self._joined_comment([a.address for a in olds], [b.address for b in news]), 0, first)
        # Only the last part may have sub-items (the caller checks): they follow the joined paragraph.
        nodes = [Node(bits, True, True)]
        nodes += [
            Node(self.bits(_text(i), None, old_rec, None), True, False, ITEM_INDENT) for a in olds for i in a.items
        ]
        nodes += [
            Node(self.bits(None, _text(i), None, new_rec), False, True, ITEM_INDENT) for b in news for i in b.items
        ]
        return nodes

    def _joined_comment(self, olds: list, news: list) -> Comment:
        """Say in the annex's words what a split or merge did: ``Split: Recommendation 6(a) of the draft became ...``."""
        verb = "split" if len(news) > 1 else "merged"
        text = f"{verb.capitalize()}: {annex_names(olds, self.before)} of {self.old_name} became {annex_names(news, self.after)}"
        return Comment(text, f"recreg {verb} {' '.join(map(str, olds))} {' '.join(map(str, news))}")

    def _provenance(self, bits: list[Bit], b) -> None:
        """Comment where an action of an inserted row came from: split, merged, moved, and its changes of modality."""
        partner = self.action_partner.get(b.address)
        split_from = next((old for old, parts in self.splits.items() if old == partner or b.address in parts), None)
        if split_from is not None:
            first = next(new for new, old in self.action_partner.items() if old == split_from)
            self.comment(bits, self._joined_comment([split_from], [first, *self.splits[split_from]]))
        elif self.merges.get(b.address):
            self.comment(bits, self._joined_comment([partner, *self.merges[b.address]], [b.address]))
        elif partner is not None and (self.was is None or partner.recommendation() != self.was.address):
            self.comment(
                bits,
                Comment(
                    f"Moved here from {annex_name(partner, self.before)} of {self.old_name}",
                    f"recreg moved {partner} {b.address}",
                ),
            )
        if partner is not None:
            self._comment_modality(bits, partner, b.address)

    def _destination(self, bits: list[Bit], a) -> None:
        """Comment where a removed action lives on when no move shows it: split, merged into another, or moved.

        On an action with a footnote reference the comment goes on its recommendation's statement
        instead: `recreg import --tracked reject` places no comment on such a deleted paragraph.
        """
        target = self.action_of_old.get(a.address)
        merged_into = next((new for new, olds in self.merges.items() if a.address in olds), None)
        if a.address in self.splits and target is not None:
            comment = self._joined_comment([a.address], [target, *self.splits[a.address]])
        elif merged_into is not None:
            comment = self._joined_comment([self.action_partner[merged_into], *self.merges[merged_into]], [merged_into])
        elif target is not None:
            comment = Comment(
                f"{annex_name(a.address, self.before)} of {self.old_name} moved to "
                f"{annex_name(target, self.after)} of {self.new_name}",
                f"recreg moved {a.address} {target}",
            )
        else:
            return
        if any(bit.kind == "footnote" for bit in bits):
            self.statement_comments.append(comment)
        else:
            self.comment(bits, comment)

    def _rec(self, node, side_: str):
        if node is None:
            return None
        return (self.after if side_ == "new" else self.before).node(node.address.recommendation())


def _text(node) -> str | None:
    """Return an action's or item's text with its label, as the annex writes it."""
    if node is None:
        return None
    if node.printed:
        return f"{node.printed} {node.text}"
    label = item_label(node.label) if node.address.item else action_label(node.label)
    return label + node.text


def _in_order(keys: list, order: list) -> list | None:
    """Return `keys` in the order of `order` if they stand there consecutively, else None."""
    if any(key not in order for key in keys):
        return None
    found = sorted(keys, key=order.index)
    start = order.index(found[0])
    return found if order[start : start + len(found)] == found else None
