import Foundation

/// Where one CSV column goes: a standard lead field, the name (split into first and last),
/// or a free attribute.
public enum ColumnTarget: Sendable, Hashable {
    case field(LeadField)
    case fullName
    case attribute(String)
    case ignored
}

/// Maps the header of a CSV export to lead fields, recognising the column names of HubSpot
/// contact exports and Salesforce lead exports (report labels, field labels and API names),
/// with explicit `column=field` overrides taking precedence.
public struct LeadColumnMapping: Sendable, Equatable {
    public let targets: [ColumnTarget]
    public let header: [String]

    /// - Parameters:
    ///   - header: the first record of the file.
    ///   - overrides: `column name → field name` given by the user (`--map "E-mail=email"`);
    ///     a field name that is not a lead field becomes an attribute of that name.
    public init(header: [String], overrides: [String: String] = [:]) throws {
        self.header = header
        let targets = Self.targets(header: header, overrides: overrides)
        for (name, _) in overrides where !header.contains(where: { Self.key($0) == Self.key(name) }) {
            throw ValidationError(
                code: "unknown_column", field: "map", message: "--map names column '\(name)', which the file does not have")
        }
        guard targets.contains(.field(.email)) else {
            throw ValidationError(
                code: "missing_column", field: "email",
                message: "no email column found in the header (\(header.joined(separator: ", "))); name one with --map COLUMN=email")
        }
        self.targets = targets
    }

    /// Where each column goes: an override when there is one, else the recognised name of
    /// HubSpot or Salesforce, else an attribute. Used to suggest a mapping before an import.
    public static func targets(header: [String], overrides: [String: String] = [:]) -> [ColumnTarget] {
        let normalizedOverrides = Dictionary(
            overrides.map { (Self.key($0.key), $0.value) }, uniquingKeysWith: { _, last in last })
        // HubSpot exports both "Lifecycle Stage" and "Lead Status": the lifecycle is the stage
        // and the status stays an attribute; Salesforce's "Lead Status" is the stage.
        let hasLifecycleColumn = header.contains { Self.key($0) == "lifecyclestage" }
        var seen: [ColumnTarget: String] = [:]
        var targets: [ColumnTarget] = []
        for column in header {
            let key = Self.key(column)
            var target: ColumnTarget
            if let override = normalizedOverrides[key] {
                if override.isEmpty || override == "-" {
                    target = .ignored
                } else if override == "name" {
                    target = .fullName
                } else if let field = LeadField(rawValue: override) {
                    target = .field(field)
                } else {
                    target = .attribute(override)
                }
            } else if key.isEmpty {
                target = .ignored
            } else if hasLifecycleColumn, key == "leadstatus" || key == "status" {
                target = .attribute(Self.attributeName(column))
            } else if let known = Self.known[key] {
                target = known
            } else {
                target = .attribute(Self.attributeName(column))
            }
            if target != .ignored, seen[target] != nil {
                // Two columns for one field: the first wins, the second is kept as an attribute.
                target = .attribute(Self.attributeName(column))
                if seen[target] != nil { target = .attribute(Self.attributeName(column) + "_\(targets.count + 1)") }
            }
            seen[target] = column
            targets.append(target)
        }
        return targets
    }

    /// Reads `COLUMN=field` pairs as given to `--map` or `?map=`; the error names the bad pair.
    public static func overrides(_ pairs: [String]) throws(ValidationError) -> [String: String] {
        var overrides: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.lastIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError(code: "invalid_value", field: "map", message: "'\(pair)' is not COLUMN=FIELD")
            }
            overrides[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return overrides
    }

    /// Column names compared without case, spaces or punctuation: "First Name", "first_name"
    /// and "FirstName" are one.
    static func key(_ column: String) -> String {
        String(column.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
    }

    /// A column kept as an attribute gets a snake_case name.
    public static func attributeName(_ column: String) -> String {
        var name = ""
        for scalar in column.trimmed.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                name.unicodeScalars.append(scalar)
            } else if !name.hasSuffix("_") {
                name += "_"
            }
        }
        while name.hasSuffix("_") { name.removeLast() }
        return name.isEmpty ? "column" : name
    }

    private static let known: [String: ColumnTarget] = {
        var table: [String: ColumnTarget] = [:]
        func add(_ target: ColumnTarget, _ names: String...) {
            for name in names { table[key(name)] = target }
        }
        // Our own names, HubSpot's export labels, Salesforce report labels, field labels, API names.
        add(.field(.email), "email", "Email Address", "E-mail", "Email")
        add(.field(.userId), "user_id", "userId", "External ID")
        add(.field(.firstName), "first_name", "First Name", "FirstName", "Given Name")
        add(.field(.lastName), "last_name", "Last Name", "LastName", "Surname", "Family Name")
        add(.fullName, "name", "Full Name", "Lead Name", "Contact Name")
        add(.field(.title), "title", "Job Title", "Job Title / Role", "Position")
        add(.field(.company), "company", "Company Name", "Company / Account", "Account Name", "Organization", "Organisation")
        add(.field(.phone), "phone", "Phone Number", "Mobile Phone Number", "Mobile", "MobilePhone", "Mobile Phone")
        add(.field(.country), "country", "Country/Region", "Country / Region", "Mailing Country", "CountryCode", "Country Code")
        add(.field(.industry), "industry", "Industry")
        add(
            .field(.companySize), "company_size", "Number of Employees", "No. of Employees", "Employees",
            "NumberOfEmployees", "Company Size", "Employee Count")
        add(
            .field(.source), "source", "Lead Source", "LeadSource", "Original Source", "Original Source Type",
            "Latest Source")
        add(.field(.owner), "owner", "Contact owner", "Lead Owner", "Owner", "OwnerId", "Owner Name", "HubSpot Owner")
        add(.field(.stage), "stage", "Lifecycle Stage", "lifecyclestage", "Lead Status", "Status", "Stage")
        return table
    }()
}
