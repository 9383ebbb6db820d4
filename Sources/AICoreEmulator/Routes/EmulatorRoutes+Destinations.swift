import Foundation
import Hummingbird
import PromoteModel

extension EmulatorRoutes {
    /// The BTP destination service's subaccount destinations (templates.md §6.2), behind its own OAuth client.
    static func registerDestinations(on router: Router<BasicRequestContext>, state: EmulatorState) {
        let destinations = router.group("/destination-configuration/v1/subaccountDestinations")
        destinations.get { _, _ in await HTTPHelpers.respond { () throws(EmulatorError) in await state.destinations() }
        }
        destinations.post { request, _ in
            await HTTPHelpers.respond(status: .created) { () throws(EmulatorError) in
                try await state.createDestination(try await HTTPHelpers.body(request))
            }
        }
        destinations.put { request, _ in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.replaceDestination(try await HTTPHelpers.body(request))
            }
        }
        destinations.get(":name") { _, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.destination(context.parameters.get("name") ?? "")
            }
        }
        destinations.delete(":name") { _, context in
            await HTTPHelpers.respond { () throws(EmulatorError) in
                try await state.deleteDestination(context.parameters.get("name") ?? "")
            }
        }
    }
}

extension EmulatorState {
    func destinations() -> JSONValue {
        .array(store.destinations.values.sorted { $0.name < $1.name }.map(Self.destinationJSON))
    }

    func destination(_ name: String) throws(EmulatorError) -> JSONValue {
        guard let record = store.destinations[name] else { throw .notFound("Destination \(name) not found") }
        return Self.destinationJSON(record)
    }

    func createDestination(_ body: JSONValue) throws(EmulatorError) -> JSONValue {
        let record = try Self.destinationRecord(body)
        guard store.destinations[record.name] == nil else {
            throw .conflict("Destination \(record.name) already exists; update it with PUT")
        }
        store.destinations[record.name] = record
        persist()
        return ["count": 1]
    }

    func replaceDestination(_ body: JSONValue) throws(EmulatorError) -> JSONValue {
        let record = try Self.destinationRecord(body)
        guard store.destinations[record.name] != nil else {
            throw .notFound("Destination \(record.name) not found; create it with POST")
        }
        store.destinations[record.name] = record
        persist()
        return ["count": 1]
    }

    func deleteDestination(_ name: String) throws(EmulatorError) -> JSONValue {
        guard store.destinations.removeValue(forKey: name) != nil else {
            throw .notFound("Destination \(name) not found")
        }
        persist()
        return ["count": 1]
    }

    /// A flat object of string properties with at least Name, Type and URL.
    private static func destinationRecord(_ body: JSONValue) throws(EmulatorError) -> DestinationRecord {
        guard let object = body.objectValue else { throw .badRequest("a destination is a JSON object") }
        var properties: [String: String] = [:]
        for (key, value) in object.members {
            guard let text = value.stringValue else {
                throw .badRequest("destination property \(key) must be a string", target: key)
            }
            properties[key] = text
        }
        for required in ["Name", "Type", "URL"] where (properties[required] ?? "").isEmpty {
            throw .badRequest("destination property \(required) is required", target: required)
        }
        return DestinationRecord(properties: properties)
    }

    private static func destinationJSON(_ record: DestinationRecord) -> JSONValue {
        var object = JSONObject()
        for key in record.properties.keys.sorted() { object[key] = .string(record.properties[key] ?? "") }
        return .object(object)
    }
}
