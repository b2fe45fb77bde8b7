// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks
// Qt: qDebug()/qInfo()/qWarning()/qCritical() streams and their printf forms.
#include <trailguard/annotations.hpp>
#include <QDebug>
#include <QString>

struct Wallet {
  QString owner;
  TG_SENSITIVE QString seed;
};

void f(const Wallet &w) {
  qDebug() << "wallet" << w.owner << w.seed;
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: sensitive value reaches log sink 'qDebug()' [trailguard-tier-leak]
  qInfo() << w.seed;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: sensitive value reaches log sink 'qInfo()' [trailguard-tier-leak]
  qWarning() << w.seed;
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: sensitive value reaches log sink 'qWarning()' [trailguard-tier-leak]
  qCritical() << w.seed;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'qCritical()' [trailguard-tier-leak]
  qDebug("seed %s", qPrintable(w.seed));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: sensitive value reaches log sink 'qDebug' [trailguard-tier-leak]

  qDebug() << "wallet" << w.owner;
  qWarning() << "seed length" << w.seed.size();
  qDebug("owner %s", qPrintable(w.owner));
}
