// Notification codec and the AlertSink adapter; see notification.h.
#include "pipeline/sinks/notification.h"

#include <cstring>

#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

void PutString(std::string& out, std::string_view s) {
  const uint32_t n = static_cast<uint32_t>(s.size());
  out.append(reinterpret_cast<const char*>(&n), sizeof(n));
  out.append(s);
}

bool GetString(std::string_view& in, std::string* s) {
  uint32_t n = 0;
  if (in.size() < sizeof(n)) return false;
  std::memcpy(&n, in.data(), sizeof(n));
  in.remove_prefix(sizeof(n));
  if (in.size() < n) return false;
  s->assign(in.data(), n);
  in.remove_prefix(n);
  return true;
}

class AlertSinkAdapter final : public NotificationSink {
 public:
  AlertSinkAdapter(std::unique_ptr<AlertSink> sink, std::string name)
      : sink_(std::move(sink)), name_(name.empty() ? std::string(sink_->name()) : name) {}
  std::string_view name() const override { return name_; }
  DeliveryResult Notify(const Notification& n) override {
    if (n.action == NotificationAction::kAcknowledge) return DeliveryResult::Delivered();
    return sink_->Deliver(NotificationAlert(n));
  }

 private:
  std::unique_ptr<AlertSink> sink_;
  std::string name_;
};

}  // namespace

std::string_view NotificationActionName(NotificationAction action) {
  switch (action) {
    case NotificationAction::kTrigger: return "trigger";
    case NotificationAction::kAcknowledge: return "acknowledge";
    case NotificationAction::kResolve: return "resolve";
  }
  return "trigger";
}

std::string Notification::MessageId() const {
  return StrCat(incident_id, ".", NotificationActionName(action), ".", sequence);
}

std::string EncodeNotification(const Notification& n) {
  std::string out;
  out.push_back(static_cast<char>(1));  // format version
  out.push_back(static_cast<char>(n.action));
  const int32_t tier = n.tier;
  out.append(reinterpret_cast<const char*>(&tier), sizeof(tier));
  out.append(reinterpret_cast<const char*>(&n.sequence), sizeof(n.sequence));
  PutString(out, n.incident_id);
  PutString(out, n.route);
  PutString(out, n.actor);
  PutString(out, n.alert.SerializeAsString());
  return out;
}

absl::StatusOr<Notification> DecodeNotification(std::string_view in) {
  Notification n;
  if (in.size() < 2 + 8 || in[0] != 1 || in[1] < 0 || in[1] > 2) {
    return absl::DataLossError("outbox: not a version-1 notification");
  }
  n.action = static_cast<NotificationAction>(in[1]);
  in.remove_prefix(2);
  int32_t tier = 0;
  std::memcpy(&tier, in.data(), sizeof(tier));
  in.remove_prefix(sizeof(tier));
  std::memcpy(&n.sequence, in.data(), sizeof(n.sequence));
  in.remove_prefix(sizeof(n.sequence));
  n.tier = tier;
  std::string alert;
  if (!GetString(in, &n.incident_id) || !GetString(in, &n.route) || !GetString(in, &n.actor) ||
      !GetString(in, &alert) || !n.alert.ParseFromString(alert)) {
    return absl::DataLossError("outbox: truncated notification");
  }
  return n;
}

v1::Alert NotificationAlert(const Notification& n) {
  v1::Alert alert = n.alert;
  if (n.action == NotificationAction::kResolve) alert.set_state(v1::RESOLVED);
  return alert;
}

std::unique_ptr<NotificationSink> AdaptAlertSink(std::unique_ptr<AlertSink> sink,
                                                 std::string name) {
  return std::make_unique<AlertSinkAdapter>(std::move(sink), std::move(name));
}

DeliveryResult NotificationSink::Deliver(const v1::Alert& alert) {
  Notification n;
  n.action = alert.state() == v1::RESOLVED ? NotificationAction::kResolve
                                           : NotificationAction::kTrigger;
  n.incident_id = alert.id();
  n.alert = alert;
  n.sequence = alert.revision();
  n.route = "direct";
  return Notify(n);
}

}  // namespace stormwatch
