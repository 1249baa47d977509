#include "serial/port_list.h"

#include <libserialport.h>

#include "serial/transport.h"

namespace mote::serial {
namespace {

std::string str(const char* s) { return s ? s : ""; }

PortInfo infoOf(sp_port* port) {
    PortInfo info;
    info.name = str(sp_get_port_name(port));
    info.description = str(sp_get_port_description(port));
    switch (sp_get_port_transport(port)) {
    case SP_TRANSPORT_USB: {
        info.transport = "usb";
        int vid = 0, pid = 0;
        if (sp_get_port_usb_vid_pid(port, &vid, &pid) == SP_OK) {
            info.usbVid = vid;
            info.usbPid = pid;
        }
        info.usbSerial = str(sp_get_port_usb_serial(port));
        info.manufacturer = str(sp_get_port_usb_manufacturer(port));
        info.product = str(sp_get_port_usb_product(port));
        break;
    }
    case SP_TRANSPORT_BLUETOOTH: info.transport = "bluetooth"; break;
    default: info.transport = "native"; break;
    }
    return info;
}

}  // namespace

Result<std::vector<PortInfo>> listPorts() {
    sp_port** ports = nullptr;
    if (sp_list_ports(&ports) != SP_OK) {
        char* msg = sp_last_error_message();
        std::string text = msg ? msg : "unknown error";
        sp_free_error_message(msg);
        return makeError("cannot list serial ports: " + text);
    }
    std::vector<PortInfo> out;
    for (int i = 0; ports[i]; ++i)
        out.push_back(infoOf(ports[i]));
    sp_free_port_list(ports);
    return out;
}

PortInfo describePath(const std::string& path) {
    if (isPseudoTerminal(path))
        return PortInfo{path, "pseudo-terminal", "pty", {}, {}, {}, {}, {}};
    sp_port* port = nullptr;
    if (sp_get_port_by_name(path.c_str(), &port) == SP_OK) {
        PortInfo info = infoOf(port);
        sp_free_port(port);
        return info;
    }
    return PortInfo{path, "", "unknown", {}, {}, {}, {}, {}};
}

}  // namespace mote::serial
