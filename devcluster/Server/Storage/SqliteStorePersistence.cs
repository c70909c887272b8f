using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ElasticCompute.DevCluster.Server.Storage;

/// <summary>
/// Keeps the store in one SQLite file (WAL mode): a row per live object and the last revision. Each
/// write is one transaction, committed before <see cref="Write"/> returns, so an acknowledged write is
/// never lost and a write cut short by a crash is never half there.
/// </summary>
/// <remarks>
/// One connection, opened with an exclusive lock so a second devcluster cannot share the data directory
/// (the lock dies with the process, so a restart after kill -9 opens it again). The store calls
/// <see cref="Write"/> inside its own lock, one write at a time, which leaves no batch to group-commit.
/// </remarks>
public sealed class SqliteStorePersistence : IStorePersistence, IDisposable
{
    private const int SchemaVersion = 1;

    private readonly Lock gate = new();
    private readonly SqliteConnection connection;
    private readonly SqliteCommand upsert;
    private readonly SqliteCommand delete;
    private readonly SqliteCommand setRevision;
    private bool disposed;

    public SqliteStorePersistence(string dataDirectory, SqlitePersistenceOptions? options = null)
    {
        options ??= new SqlitePersistenceOptions();
        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.Combine(dataDirectory, options.FileName);

        // No pooling: this connection lives as long as the store, and a pooled one would keep the file
        // (and its lock) open after Dispose.
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 5,
        };
        connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            var synchronous = options.Durability == SqliteDurability.PowerLoss ? "FULL" : "NORMAL";
            Execute("PRAGMA locking_mode=EXCLUSIVE;");
            var mode = Scalar("PRAGMA journal_mode=WAL;");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{Path}: SQLite refused WAL mode (journal_mode is {mode})");
            }

            Execute($"PRAGMA synchronous={synchronous};");
            CreateSchema();

            upsert = Prepare(
                "INSERT INTO objects(resource, object_key, revision, json) VALUES ($resource, $key, $revision, $json) " +
                "ON CONFLICT(resource, object_key) DO UPDATE SET revision = excluded.revision, json = excluded.json;",
                ("$resource", SqliteType.Text),
                ("$key", SqliteType.Text),
                ("$revision", SqliteType.Integer),
                ("$json", SqliteType.Blob));
            delete = Prepare(
                "DELETE FROM objects WHERE resource = $resource AND object_key = $key;",
                ("$resource", SqliteType.Text),
                ("$key", SqliteType.Text));
            setRevision = Prepare(
                "UPDATE store SET revision = $revision WHERE id = 0;",
                ("$revision", SqliteType.Integer));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public (IEnumerable<(string Table, byte[] Json)> Objects, long Revision) Load()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);

            // Committed transactions are all-or-nothing; this catches a file damaged some other way.
            var check = Scalar("PRAGMA quick_check;");
            if (check != "ok")
            {
                throw new InvalidDataException($"{Path} is damaged ({check}); refusing to load it");
            }

            var revision = long.Parse(Scalar("SELECT revision FROM store WHERE id = 0;") ?? "0", CultureInfo.InvariantCulture);
            var objects = new List<(string Table, byte[] Json)>();
            long newest = 0;
            using (var select = connection.CreateCommand())
            {
                select.CommandText = "SELECT resource, json, revision FROM objects ORDER BY resource, object_key;";
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    objects.Add((reader.GetString(0), (byte[])reader.GetValue(1)));
                    newest = Math.Max(newest, reader.GetInt64(2));
                }
            }

            if (newest > revision)
            {
                throw new InvalidDataException($"{Path} holds an object at revision {newest}, after the store's revision {revision}; refusing to load it");
            }

            return (objects, revision);
        }
    }

    public void Write(string table, string key, byte[]? json, long revision)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            using var transaction = connection.BeginTransaction();
            if (json is null)
            {
                delete.Transaction = transaction;
                delete.Parameters[0].Value = table;
                delete.Parameters[1].Value = key;
                delete.ExecuteNonQuery();
            }
            else
            {
                upsert.Transaction = transaction;
                upsert.Parameters[0].Value = table;
                upsert.Parameters[1].Value = key;
                upsert.Parameters[2].Value = revision;
                upsert.Parameters[3].Value = json;
                upsert.ExecuteNonQuery();
            }

            setRevision.Transaction = transaction;
            setRevision.Parameters[0].Value = revision;
            setRevision.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>Moves the WAL into the database file (tests that inspect the file itself).</summary>
    internal void Checkpoint()
    {
        lock (gate)
        {
            Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        }
    }

    /// <summary>Reads a pragma's value (tests).</summary>
    internal string? Pragma(string name)
    {
        lock (gate)
        {
            return Scalar($"PRAGMA {name};");
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            upsert.Dispose();
            delete.Dispose();
            setRevision.Dispose();
            connection.Dispose();
        }
    }

    private void CreateSchema()
    {
        var version = long.Parse(Scalar("PRAGMA user_version;") ?? "0", CultureInfo.InvariantCulture);
        if (version == SchemaVersion)
        {
            return;
        }

        if (version != 0)
        {
            throw new InvalidDataException($"{Path} has schema version {version}; this devcluster reads version {SchemaVersion}");
        }

        using var transaction = connection.BeginTransaction();
        using var create = connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText =
            "CREATE TABLE objects (resource TEXT NOT NULL, object_key TEXT NOT NULL, revision INTEGER NOT NULL, json BLOB NOT NULL, PRIMARY KEY (resource, object_key)) WITHOUT ROWID;" +
            "CREATE TABLE store (id INTEGER PRIMARY KEY CHECK (id = 0), revision INTEGER NOT NULL);" +
            "INSERT INTO store (id, revision) VALUES (0, 0);" +
            $"PRAGMA user_version={SchemaVersion};";
        create.ExecuteNonQuery();
        transaction.Commit();
    }

    private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string? Scalar(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
