import ArgumentParser
import Foundation
import TandemCore
import TandemServer
import TandemStore

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the people who sign in.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user. The password is read from standard input (one line), so it stays out of the shell history.")
        @Option(help: "Work email, used to sign in") var email: String
        @Option(help: "Full name") var name: String
        @Option(help: "admin, marketing or sales") var role: String
        @Option(help: "Team, such as 'EMEA Sales'") var team: String?
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let configuration = try options.configuration()
            let logger = CommandLog.bootstrap(configuration)
            let input: UserInput
            do { input = try UserInput(email: email, name: name, role: role, team: team) } catch {
                throw TandemCore.ValidationError(
                    code: "invalid_value", field: error.errors.first?.field, message: error.description)
            }
            if isatty(STDIN_FILENO) != 0 { FileHandle.standardError.write(Data("Password (at least 10 characters): ".utf8)) }
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw TandemCore.ValidationError(code: "missing_field", field: "password", message: "give the password on standard input")
            }
            try PasswordPolicy.check(password)
            let hash = try await PasswordHasher(cost: configuration.bcryptCost).hash(password)
            let user = try await options.withDatabase(logger: logger) { database in
                try await database.users.create(input, passwordHash: hash, by: .commandLine, now: SystemClock().now())
            }
            print("Created \(user.role.rawValue) user \(user.email) (id \(user.id)).")
        }
    }
}
