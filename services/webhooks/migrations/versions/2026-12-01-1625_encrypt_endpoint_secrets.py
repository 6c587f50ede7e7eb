"""encrypt endpoint secrets: ciphertext columns replace the plaintext ones

Every endpoint's secret (and a previous secret still in its overlap window) is encrypted with
the newest key of WEBHOOKS_SECRETS_KEY, read from the environment as the services read it, so
run this with the same setting as the services. A previous secret that has already expired is
dropped rather than encrypted: nothing signs with it any more.

The downgrade decrypts them back into plaintext columns (it needs the keys that encrypted
them) and drops the ciphertext: it restores the schema and every secret still in use (not a
previous secret that had expired before the upgrade), and with them the plaintext exposure
this revision removed. Both directions rewrite the rows inside the migration's transaction,
which holds the table's lock from the first ALTER: no row is written in between, and a failure
changes nothing. Neither runs in offline (``--sql``) mode.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 16:25:00

"""
import uuid
from collections.abc import Callable
from typing import Any, Sequence, Union

import sqlalchemy as sa
from alembic import context, op

from webhooks.encryption import CannotDecrypt, KeyRing
from webhooks.settings import Settings

# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BATCH = 1000
NIL = uuid.UUID(int=0)


def _keyring() -> KeyRing:
    if context.is_offline_mode():
        raise RuntimeError("0002 encrypts rows: it cannot run in offline (--sql) mode")
    return Settings().keyring


def _rewrite(columns: str, change: Callable[[sa.Row[Any]], dict[str, Any]], update: str) -> None:
    """Every endpoint row, by id in batches: select ``columns``, ``change`` each row into the
    parameters of ``update``."""
    bind = op.get_bind()
    after = NIL
    while True:
        rows = bind.execute(
            sa.text(f"SELECT id, {columns} FROM endpoint WHERE id > :after ORDER BY id LIMIT :n"),
            {"after": after, "n": BATCH},
        ).fetchall()
        if rows:
            bind.execute(sa.text(update), [change(row) for row in rows])
        if len(rows) < BATCH:
            return
        after = rows[-1].id


def upgrade() -> None:
    """Encrypt every secret into the new columns, then drop the plaintext ones."""
    keyring = _keyring()
    op.add_column('endpoint', sa.Column('secret_ciphertext', sa.Text(), nullable=True))
    op.add_column('endpoint', sa.Column('previous_secret_ciphertext', sa.Text(), nullable=True))

    def encrypt(row: sa.Row[Any]) -> dict[str, Any]:
        return {
            "id": row.id,
            "secret": keyring.encrypt(row.secret, endpoint_id=row.id),
            "previous": (
                keyring.encrypt(row.previous, endpoint_id=row.id) if row.previous else None
            ),
        }

    _rewrite(
        "secret, CASE WHEN previous_secret_expires_at > now() THEN previous_secret END AS previous",
        encrypt,
        "UPDATE endpoint SET secret_ciphertext = :secret, previous_secret_ciphertext = :previous "
        "WHERE id = :id",
    )
    op.alter_column('endpoint', 'secret_ciphertext', nullable=False)
    op.drop_column('endpoint', 'previous_secret')
    op.drop_column('endpoint', 'secret')


def downgrade() -> None:
    """Decrypt every secret back into plaintext columns (fails, changing nothing, when a row
    was encrypted with a key WEBHOOKS_SECRETS_KEY no longer holds)."""
    keyring = _keyring()
    op.add_column('endpoint', sa.Column('secret', sa.String(length=100), nullable=True))
    op.add_column('endpoint', sa.Column('previous_secret', sa.String(length=100), nullable=True))

    def decrypt(row: sa.Row[Any]) -> dict[str, Any]:
        try:
            secret = keyring.decrypt(row.secret_ciphertext, endpoint_id=row.id)
            previous = row.previous_secret_ciphertext and keyring.decrypt(
                row.previous_secret_ciphertext, endpoint_id=row.id
            )
        except CannotDecrypt as exc:
            raise RuntimeError(
                f"cannot downgrade: endpoint {row.id}'s secret does not decrypt ({exc}); "
                "set WEBHOOKS_SECRETS_KEY to every key in use"
            ) from exc
        return {"id": row.id, "secret": secret, "previous": previous}

    _rewrite(
        "secret_ciphertext, previous_secret_ciphertext",
        decrypt,
        "UPDATE endpoint SET secret = :secret, previous_secret = :previous WHERE id = :id",
    )
    op.alter_column('endpoint', 'secret', nullable=False)
    op.drop_column('endpoint', 'previous_secret_ciphertext')
    op.drop_column('endpoint', 'secret_ciphertext')
