import ArgumentParser
import Foundation
import TandemCore
import TandemStore

struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage write keys and API keys.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key; the key itself is printed as the last line, once, and only its hash is stored.")
        @Option(help: "write (sends events) or api (REST API)") var kind: KeyKind
        @Option(help: "A name to recognise the key by") var name: String
        @Option(help: "Role of an API key: admin, marketing or sales") var role: String = "admin"
        @Option(help: "For a sales API key: the email of the rep it acts for (it sees that rep's leads)") var owner: String?
        @Option(
            name: .customLong("origin"),
            help: "For a write key: a web origin (https://www.acme.io) whose pages may send with it; repeat for several. None: any origin"
        ) var origins: [String] = []
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let logger = CommandLog.bootstrap(try options.configuration())
            let created = try await options.withDatabase(logger: logger) { database in
                try await database.apiKeys.create(
                    kind: kind, name: name, role: role, ownerEmail: owner, allowedOrigins: origins, now: SystemClock().now())
            }
            print(
                "Created \(kind.rawValue) key '\(created.key.name)' (id \(created.key.id), role \(created.key.role)). Keep it secret; it is not shown again:"
            )
            print(created.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the keys that work (never their secrets).")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let logger = CommandLog.bootstrap(try options.configuration())
            let keys = try await options.withDatabase(logger: logger) { database in try await database.apiKeys.list() }
            print("id\tkind\trole\towner\tprefix\tcreated\tname")
            for key in keys {
                print(
                    "\(key.id)\t\(key.kind.rawValue)\t\(key.role)\t\(key.ownerEmail ?? "-")\t\(key.prefix)…\t\(Timestamp.format(key.createdAt))\t\(key.name)"
                )
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its id; it stops working at once.")
        @Argument(help: "The key's id, as `keys list` shows it") var id: Int64
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let logger = CommandLog.bootstrap(try options.configuration())
            let key = APIKey.ID(rawValue: id)
            let revoked = try await options.withDatabase(logger: logger) { database in
                try await database.apiKeys.revoke(id: key, now: SystemClock().now())
            }
            guard revoked else {
                throw UnknownKey(id: key)
            }
            print("Revoked key \(id).")
        }
    }
}

extension KeyKind: ExpressibleByArgument {}
