-- What every replica must hold alike and a reset must not touch: the platform's key pair (so a
-- merchant verifies any replica's answer with one key) and the wallet shell's proxy secret.
-- The first replica to start writes them; the others read them.
CREATE TABLE shared_values (
  name       text PRIMARY KEY,
  value      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
