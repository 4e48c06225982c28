# Baton's sql step runner: runs the step's query or script against its database and writes the outputs.
# Shipped in the operator and passed as the container's command (python3 -c), so the image needs only
# python3 and the engine's driver. Reads (env, set by the operator):
#   BATON_SQL_ENGINE          postgresql
#   BATON_SQL_QUERY           one statement, params bound as query parameters (%(name)s), or
#   BATON_SQL_SCRIPT          several statements, run as written without params
#   BATON_SQL_PARAMS          the evaluated params, a JSON object
#   BATON_SQL_SECRET(_KEY)    the Secret and key holding the connection URI, for messages
#   BATON_SQL_CONNECTION_DIR  where that Secret is mounted (optional: absent Secret = empty directory)
#   BATON_SQL_MAX_ROWS/BYTES  bounds of the outputs
# Writes $BATON_OUTPUT: {rowsAffected, rowCount, columns, rows, truncated}. A failure writes its message
# there instead and exits 1. The connection URI and its password never reach the output or the log:
# every message is scrubbed of them.
import base64
import datetime
import decimal
import json
import os
import re
import sys
import urllib.parse
import uuid

ROW_COUNTING = ("INSERT", "UPDATE", "DELETE", "MERGE", "COPY")


class Failure(Exception):
    pass


def connect_postgresql(uri):
    import psycopg
    # autocommit: a query is one statement, a script runs in one request (the server makes it one
    # transaction unless it says BEGIN/COMMIT itself).
    return psycopg.connect(uri, autocommit=True, application_name="baton-sql")


def adapt_postgresql(params):
    from psycopg.types.json import Jsonb
    # Objects (and lists holding them) go as jsonb; other lists as arrays; scalars as themselves.
    def one(v):
        if isinstance(v, dict) or (isinstance(v, list) and any(isinstance(x, (dict, list)) for x in v)):
            return Jsonb(v)
        return v
    return {k: one(v) for k, v in params.items()}


def affected_postgresql(cursor):
    # The server's command tag: "INSERT 0 3", "UPDATE 2", "DELETE 1", "SELECT 5", "CREATE TABLE".
    words = (cursor.statusmessage or "").split()
    if words and words[0] in ROW_COUNTING and words[-1].isdigit():
        return int(words[-1])
    return 0


# engine -> (connect(uri), adapt(params), rows affected by the current result). Another engine is one entry
# here, its driver in the image, and its name in the operator's SqlEngine.
ENGINES = {"postgresql": (connect_postgresql, adapt_postgresql, affected_postgresql)}


def connection_uri():
    directory = os.environ["BATON_SQL_CONNECTION_DIR"]
    secret, key = os.environ["BATON_SQL_SECRET"], os.environ["BATON_SQL_SECRET_KEY"]
    keys = sorted(k for k in os.listdir(directory) if not k.startswith(".")) if os.path.isdir(directory) else []
    if not keys:
        raise Failure('connection.secretRef.name: Secret "%s" does not exist in this namespace (or holds no data)' % secret)
    if key not in keys:
        raise Failure('connection.secretRef.key: Secret "%s" has no key "%s" (its keys: %s)' % (secret, key, ", ".join(keys)))
    with open(os.path.join(directory, key), encoding="utf-8") as f:
        uri = f.read().strip()
    if not uri:
        raise Failure('connection.secretRef.key: key "%s" of Secret "%s" is empty' % (key, secret))
    return uri


def secrets_of(uri):
    found = {uri}
    try:
        password = urllib.parse.urlsplit(uri).password
    except ValueError:
        password = None
    if password:
        found.update({password, urllib.parse.unquote(password)})
    # The key=value form of libpq: password=secret or password='se cret'.
    for m in re.finditer(r"password\s*=\s*('((?:[^'\\]|\\.)*)'|\S+)", uri):
        found.update({m.group(1), m.group(2) or m.group(1)})
    return sorted((s for s in found if s), key=len, reverse=True)


def scrub(text, secrets):
    for s in secrets:
        text = text.replace(s, "***")
    return text


def json_value(v):
    if isinstance(v, decimal.Decimal):
        if v.is_finite() and v == v.to_integral_value() and abs(v) < 2 ** 53:
            return int(v)
        return float(v) if v.is_finite() and decimal.Decimal(repr(float(v))) == v else str(v)
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, datetime.timedelta):
        return v.total_seconds()
    if isinstance(v, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(v)).decode("ascii")
    if isinstance(v, uuid.UUID):
        return str(v)
    return str(v)


def bounded(out, max_bytes):
    """Drops rows from the end (then the column list) until the JSON fits in max_bytes."""
    def size():
        return len(json.dumps(out, default=json_value, separators=(",", ":")).encode("utf-8"))
    while size() > max_bytes and out["rows"]:
        out["rows"].pop()
        out["truncated"] = True
    if size() > max_bytes:
        out["columns"] = []
        out["truncated"] = True
    return out


def run(engine, uri, max_rows, max_bytes):
    connect, adapt, affected = ENGINES[engine]
    query, script = os.environ.get("BATON_SQL_QUERY"), os.environ.get("BATON_SQL_SCRIPT")
    params = json.loads(os.environ.get("BATON_SQL_PARAMS") or "{}")
    out = {"rowsAffected": 0, "rowCount": 0, "columns": [], "rows": [], "truncated": False}
    with connect(uri) as conn, conn.cursor() as cur:
        if query is not None:
            # With no params nothing is bound, so a literal % needs no escaping.
            cur.execute(query, adapt(params) if params else None)
        else:
            cur.execute(script)
        statements = 0
        while True:
            statements += 1
            out["rowsAffected"] += affected(cur)
            if cur.description is not None:
                out["columns"] = [c.name for c in cur.description]
                out["rowCount"] = cur.rowcount
                out["rows"] = [dict(zip(out["columns"], row)) for row in cur.fetchmany(max_rows)]
                out["truncated"] = cur.rowcount > len(out["rows"])
            if not cur.nextset():
                break
    out = bounded(out, max_bytes)
    print("sql: %d statement(s); %d row(s) affected; the last result has %d row(s), %d kept"
          % (statements, out["rowsAffected"], out["rowCount"], len(out["rows"])), flush=True)
    return out


def main():
    output = os.environ.get("BATON_OUTPUT", "/dev/termination-log")
    engine = os.environ.get("BATON_SQL_ENGINE")
    secrets = []
    try:
        if engine not in ENGINES:
            raise Failure('engine: this runner knows no engine "%s" (it knows: %s)' % (engine, ", ".join(sorted(ENGINES))))
        uri = connection_uri()
        secrets = secrets_of(uri)
        out = run(engine, uri, int(os.environ["BATON_SQL_MAX_ROWS"]), int(os.environ["BATON_SQL_MAX_BYTES"]))
        with open(output, "w", encoding="utf-8") as f:
            json.dump(out, f, default=json_value, separators=(",", ":"))
    except Exception as e:  # every failure ends the attempt with a message, scrubbed of the credentials
        what = str(e) if isinstance(e, Failure) else "%s: %s" % (type(e).__name__, str(e).strip())
        state = getattr(getattr(e, "diag", None), "sqlstate", None)
        message = scrub("sql: " + what + (" (SQLSTATE %s)" % state if state else ""), secrets)[:3000]
        print(message, file=sys.stderr, flush=True)
        with open(output, "w", encoding="utf-8") as f:
            f.write(message)
        sys.exit(1)


main()
